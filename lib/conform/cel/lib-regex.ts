// SPDX-License-Identifier: Apache-2.0
import { CelFunc, CelScalar, celList, celMethod, listType } from '@bufbuild/cel';

const { INT, STRING } = CelScalar;

const cache = new Map<string, RegExp>();

/**
 * Compiles an RE2 pattern as a JavaScript RegExp. RE2's leading `(?i)`/`(?s)`/`(?m)` flag
 * groups become RegExp flags; the rest of RE2's syntax that Kubernetes rules use is
 * shared with JavaScript.
 */
export function compileRe2(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let flags = 'g';
    let body = pattern;
    const m = /^\(\?([ims]+)\)/.exec(body);
    if (m) {
      flags += m[1];
      body = body.slice(m[0].length);
    }
    try {
      re = new RegExp(body, `${flags}u`);
    } catch {
      try {
        re = new RegExp(body, flags);
      } catch (e) {
        throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
      }
    }
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

function findAll(s: string, pattern: string, limit: number): string[] {
  if (limit === 0) return [];
  const out: string[] = [];
  for (const m of s.matchAll(compileRe2(pattern))) {
    out.push(m[0]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

/**
 * The Kubernetes CEL regex library (`k8s.io/apiserver/pkg/cel/library/regex.go`):
 * `find()` and `findAll()`.
 */
export const REGEX_FUNCTIONS: CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return celList(findAll(this, pattern, -1));
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return celList(findAll(this, pattern, Number(limit)));
  }),
];
