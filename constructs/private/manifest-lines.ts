// SPDX-License-Identifier: Apache-2.0
/**
 * Where each object starts in the YAML files cdk8s writes (SARIF regions point there).
 *
 * cdk8s writes a file's objects with the `yaml` package in block style without line folding
 * (`lineWidth: 0`), separated by `---`. In that style the number of lines of a document follows
 * from its shape alone — one line per scalar or empty collection, one more per key holding a
 * non-empty collection — so most objects are counted without serializing them twice. Objects
 * the count cannot predict (multi-line strings, which become block scalars; a value shared by
 * reference, which becomes an anchor and alias; very long keys) are serialized.
 */
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import type { ObjectRef } from '../../lib/analyze/manifest-object';

/** Keys this long are written as explicit `? key` entries by `yaml`. */
const LONGEST_IMPLICIT_KEY = 1024;

/**
 * Lines `Yaml.stringify(doc)` writes for `doc` (without the trailing newline), or undefined
 * when its shape does not decide it.
 */
export function yamlLineCount(doc: unknown): number | undefined {
  const seen = new Set<object>();
  let predictable = true;
  /** Lines of a value written under a key or a dash (1 for scalars and empty collections). */
  const lines = (value: unknown): number => {
    if (!predictable) return 0;
    if (typeof value === 'string') {
      if (value.includes('\n')) predictable = false;
      return 1;
    }
    if (value === null || typeof value !== 'object') return 1;
    if (seen.has(value)) {
      predictable = false;
      return 0;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      // `- scalar`, or a nested collection starting on the dash's line
      return value.length === 0 ? 1 : value.reduce<number>((n, item) => n + lines(item), 0);
    }
    const entries = Object.entries(value);
    if (entries.length === 0) return 1;
    let n = 0;
    for (const [key, v] of entries) {
      if (key.length >= LONGEST_IMPLICIT_KEY || key.includes('\n')) predictable = false;
      // `key: scalar`, `key: {}`, or `key:` followed by the collection's lines
      n += isFilledCollection(v) ? 1 + lines(v) : lines(v);
    }
    return n;
  };
  const n = lines(doc);
  return predictable ? n : undefined;
}

function isFilledCollection(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0;
}

/** Lines of `doc` as cdk8s writes it. */
export function writtenLineCount(doc: unknown): number {
  return yamlLineCount(doc) ?? Yaml.stringify(doc).split('\n').length - 1;
}

/** Lines of objects in the files cdk8s writes, computed per file on first use. */
export class LineIndex {
  private readonly byFile = new Map<string, unknown[]>();
  private readonly lines = new Map<string, Map<unknown, number>>();
  private readonly refs = new Map<string, unknown>();

  /** `resolved`: every object with the file it goes to (relative to `outdir`), in the order cdk8s writes them. */
  constructor(resolved: readonly { json: unknown; file: string }[], private readonly outdir: string) {
    for (const r of resolved) {
      let docs = this.byFile.get(r.file);
      if (!docs) this.byFile.set(r.file, (docs = []));
      docs.push(r.json);
      const meta = (r.json as { kind?: string; metadata?: { name?: string; namespace?: string } });
      this.refs.set(`${r.file}|${meta.kind}|${meta.metadata?.namespace ?? ''}|${meta.metadata?.name ?? ''}`, r.json);
    }
  }

  /** The file (absolute) and first line of the object `ref` names. */
  public locate(ref: ObjectRef): { file: string; line?: number } | undefined {
    if (ref.file === undefined) return undefined;
    const json = this.refs.get(`${ref.file}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`);
    const line = json === undefined ? undefined : this.linesOf(ref.file).get(json);
    return { file: path.join(this.outdir, ref.file), ...(line !== undefined ? { line } : {}) };
  }

  private linesOf(file: string): Map<unknown, number> {
    let map = this.lines.get(file);
    if (!map) {
      map = new Map();
      let line = 1;
      for (const doc of this.byFile.get(file) ?? []) {
        map.set(doc, line);
        line += writtenLineCount(doc) + 1; // the `---` separator
      }
      this.lines.set(file, map);
    }
    return map;
  }
}
