// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConformInputError } from './input-error';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Compliance reports written next to the manifests at synth (`mesh-compliance.json` …) are not manifests. */
const REPORT_PREFIX = 'mesh-compliance.';

/**
 * Expands files and directories into files: a directory contributes its `.yaml`, `.yml`
 * and `.json` files, recursively, in sorted order, except the compliance reports
 * (`mesh-compliance.*`). Throws `ConformInputError` for a path
 * that does not exist.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new ConformInputError(`cannot read ${p}: no such file or directory`);
    }
    if (stat.isDirectory()) out.push(...listDirectory(p));
    else out.push(p);
  }
  return out;
}

function listDirectory(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listDirectory(full));
    else if (MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase()) && !e.name.startsWith(REPORT_PREFIX)) out.push(full);
  }
  return out;
}

/** One parsed YAML document and the line it starts on. */
export interface YamlDocument {
  readonly value: unknown;
  /** 1-based line of the document's first content. */
  readonly line: number;
}

/** Reads a file's YAML documents; see `parseYaml`. */
export function readYamlFile(file: string): YamlDocument[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConformInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseYaml(text, file);
}

/**
 * Parses multi-document YAML the way kubectl does (YAML 1.1: `yes`/`on` are booleans,
 * duplicate keys are errors, timestamps stay strings). Empty documents are `null`, so that
 * positions match the file. Throws `ConformInputError` with the line of the first error.
 */
export function parseYaml(text: string, source: string): YamlDocument[] {
  const docs = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: true,
    customTags: (tags) => tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: YamlDocument[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const message = first.charAt(0).toLowerCase() + first.slice(1);
      throw new ConformInputError(`bad YAML in ${where}: ${message}`);
    }
    const line = lineOf(doc.contents?.range?.[0] ?? doc.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 }) ?? null;
    } catch (e) {
      throw new ConformInputError(`bad YAML in ${source}:${line}: ${(e as Error).message.toLowerCase()}`);
    }
    out.push({ value, line });
  }
  return out;
}
