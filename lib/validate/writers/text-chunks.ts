// SPDX-License-Identifier: Apache-2.0
/**
 * Reports of a large mesh run to hundreds of megabytes: the writers produce them as a sequence
 * of pieces, which a file receives in small batches, so no report is ever held as one string.
 */
import * as fs from 'node:fs';

/**
 * Characters gathered before each write: few write calls, and each batch string (and the UTF-8
 * buffer written from it) small enough for V8's young generation, so it is collected at once
 * instead of piling up in large-object space until a full collection (1 MB batches held ~100 MB of
 * such garbage at 10,000 services when cdk8s started writing the YAML).
 */
const BATCH = 1 << 15;

/** Writes the pieces of `text` to `file`, replacing it. */
export function writeTextFile(file: string, text: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const piece of text) {
      batch.push(piece);
      size += piece.length;
      if (size >= BATCH) {
        fs.writeSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) fs.writeSync(fd, batch.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

/** The pieces as one string (for stdout and tests). */
export function joinText(text: Iterable<string>): string {
  let out = '';
  for (const piece of text) out += piece;
  return out;
}

/**
 * Lines joined by newlines, without trailing empty lines, ending with one newline (what
 * `lines.join('\n').trimEnd() + '\n'` gives for lines without trailing blanks).
 */
export function* linesText(lines: Iterable<string>): Generator<string> {
  let first = true;
  let blanks = 0;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    yield `${first ? '' : '\n'}${'\n'.repeat(blanks)}${line}`;
    first = false;
    blanks = 0;
  }
  yield '\n';
}

/**
 * `value` as `JSON.stringify(value, null, 2)` writes it, with the array at `key` (a unique
 * top-level-or-nested key holding `items`) written element by element.
 */
export function* indentedJsonWithList(value: object, key: string, items: Iterable<unknown>): Generator<string> {
  const mark = `\u0000${key}\u0000`;
  const text = JSON.stringify(value, (k, v) => (k === key ? mark : v), 2);
  const at = text.indexOf(JSON.stringify(mark));
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, text.indexOf('"', lineStart));
  yield text.slice(0, at);
  let count = 0;
  for (const item of items) {
    yield `${count === 0 ? '[' : ','}\n${indent}  ${JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}  `)}`;
    count++;
  }
  yield count === 0 ? '[]' : `\n${indent}]`;
  yield text.slice(at + JSON.stringify(mark).length);
}
