// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indentedJsonWithList, joinText, linesText, writeTextFile } from '../../lib/validate/writers/text-chunks';

describe('reports written in pieces', () => {
  it('join lines as join + trimEnd + newline would', () => {
    for (const lines of [[], [''], ['a'], ['a', ''], ['a', '', '', 'b', '', ''], ['', 'a'], ['# t', '', '| x |', '']]) {
      expect(joinText(linesText(lines))).toBe(lines.length === 0 ? '\n' : `${lines.join('\n').trimEnd()}\n`);
    }
  });

  it('write JSON with a streamed list exactly as JSON.stringify indents it', () => {
    const items = [{ a: 1, b: ['x', { c: null }] }, { d: 'é —' }, 3, 'text'];
    for (const list of [items, []]) {
      const value = { top: 1, runs: [{ tool: { name: 't' }, results: list, properties: { n: 2 } }] };
      const shape = { ...value, runs: [{ ...value.runs[0], results: [] }] };
      expect(joinText(indentedJsonWithList(shape, 'results', list))).toBe(JSON.stringify(value, null, 2));
    }
  });

  it('write every piece to the file, in order, across batches', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'text-')), 'big.txt');
    const piece = `${'x'.repeat(999)}—\n`;
    writeTextFile(file, Array.from({ length: 3000 }, () => piece));
    expect(fs.readFileSync(file, 'utf8')).toBe(piece.repeat(3000));
  });
});
