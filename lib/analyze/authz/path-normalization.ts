// SPDX-License-Identifier: Apache-2.0
/**
 * The path a proxy matches `paths` against (semantics §b3 and istio.io "normalization"): the
 * query string is stripped, then MeshConfig `pathNormalization.normalization` applies — `NONE`,
 * `BASE` (the default: RFC 3986 dot segments, backslashes to slashes), `MERGE_SLASHES` (also
 * `//` → `/`), `DECODE_AND_MERGE_SLASHES` (also `%2F`/`%5C` decoded first).
 */

/** A MeshConfig path normalization. */
export type PathNormalization = 'NONE' | 'BASE' | 'MERGE_SLASHES' | 'DECODE_AND_MERGE_SLASHES';

/** Reads `pathNormalization.normalization` from a mesh config (`BASE` when unset or unknown). */
export function pathNormalizationOf(meshConfig: Record<string, unknown> | undefined): PathNormalization {
  const p = meshConfig?.pathNormalization;
  const v = typeof p === 'object' && p !== null ? (p as Record<string, unknown>).normalization : undefined;
  return v === 'NONE' || v === 'MERGE_SLASHES' || v === 'DECODE_AND_MERGE_SLASHES' ? v : 'BASE';
}

/** The normalized path, without query string or fragment. */
export function normalizePath(raw: string, mode: PathNormalization): string {
  let path = raw.split('?')[0].split('#')[0];
  if (mode === 'NONE') return path;
  if (mode === 'DECODE_AND_MERGE_SLASHES') path = path.replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
  path = path.replace(/\\/g, '/');
  if (mode !== 'BASE') path = path.replace(/\/{2,}/g, '/');
  return removeDotSegments(path);
}

function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  segments.forEach((s, i) => {
    if (s === '.') {
      if (i === segments.length - 1) out.push('');
    } else if (s === '..') {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push('');
    } else out.push(s);
  });
  const joined = out.join('/');
  return joined.startsWith('/') || !path.startsWith('/') ? joined : `/${joined}`;
}
