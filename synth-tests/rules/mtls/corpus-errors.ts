// SPDX-License-Identifier: Apache-2.0
/**
 * Istio-style corpora: in an `-invalid.yaml` corpus each object expected to fail carries an
 * `_err` key with a regular expression its violation's message must match.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** `Kind ns/name` → the `_err` pattern of every object of a corpus file that has one. */
export function expectedErrors(file: string): Map<string, RegExp> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'corpus', file), 'utf8');
  const out = new Map<string, RegExp>();
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string }; _err?: string } | null;
    if (o?._err === undefined) continue;
    out.set(`${o.kind} ${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`, new RegExp(o._err));
  }
  return out;
}
