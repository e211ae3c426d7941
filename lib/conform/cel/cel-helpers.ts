// SPDX-License-Identifier: Apache-2.0
import { CelValue, celEnv, isCelError, parse, plan } from '@bufbuild/cel';

/**
 * CEL's own operators, reused by the library functions so that `indexOf`, `isSorted`,
 * `min`, `sum`… follow CEL equality, ordering and overflow rules for every type.
 */
const env = celEnv();
const eq = plan(env, parse('a == b'));
const lt = plan(env, parse('a < b'));
const add = plan(env, parse('a + b'));

function check(result: unknown): unknown {
  if (isCelError(result)) throw new Error(result.message);
  return result;
}

/** CEL `a == b`. */
export function celEquals(a: CelValue, b: CelValue): boolean {
  return check(eq({ a, b })) === true;
}

/** CEL `a < b`; throws when the values are not comparable. */
export function celLess(a: CelValue, b: CelValue): boolean {
  return check(lt({ a, b })) === true;
}

/** CEL `a + b`; throws on overflow or mismatched types. */
export function celAdd(a: CelValue, b: CelValue): CelValue {
  return check(add({ a, b })) as CelValue;
}
