// SPDX-License-Identifier: Apache-2.0
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { Finding } from '../common/finding';
import { StructuralSchema, isPlainObject } from '../crd/structural-schema';

/**
 * Reports duplicates in lists declared `x-kubernetes-list-type: set` (equal items) or
 * `map` (items with equal `x-kubernetes-list-map-keys`), as the API server does.
 */
export function checkListType(items: unknown[], s: StructuralSchema, path: FieldPath, findings: Finding[]): void {
  const listType = s['x-kubernetes-list-type'];
  if (listType !== 'set' && listType !== 'map') return;
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const identity = listType === 'set' ? item : mapKeyOf(item, keys);
    if (identity === undefined) return;
    const id = canonicalJson(identity);
    if (seen.has(id)) {
      findings.push({
        path: path.index(i).toString(),
        message: `duplicate value: ${id}`,
        type: ConformanceErrorType.SCHEMA,
      });
    }
    seen.add(id);
  });
}

function mapKeyOf(item: unknown, keys: readonly string[]): unknown {
  if (!isPlainObject(item) || keys.length === 0) return undefined;
  const id: Record<string, unknown> = {};
  for (const k of keys) id[k] = item[k] ?? null;
  return id;
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) {
    const entries = Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
