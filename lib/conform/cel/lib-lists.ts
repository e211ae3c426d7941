// SPDX-License-Identifier: Apache-2.0
import { CelFunc, CelList, CelScalar, CelValue, celFunc, celMethod, listType } from '@bufbuild/cel';
import { celAdd, celEquals, celLess } from './cel-helpers';

const { BOOL, DYN, INT } = CelScalar;
const LIST = listType(DYN);

function items(l: CelList): CelValue[] {
  return [...l];
}

function extreme(l: CelList, name: string, better: (a: CelValue, b: CelValue) => boolean): CelValue {
  const all = items(l);
  if (all.length === 0) throw new Error(`${name} called on empty list`);
  return all.reduce((best, x) => (better(x, best) ? x : best));
}

function indexOf(l: CelList, x: CelValue, fromEnd: boolean): bigint {
  const all = items(l);
  const order = all.map((_, i) => i);
  if (fromEnd) order.reverse();
  for (const i of order) if (celEquals(all[i], x)) return BigInt(i);
  return -1n;
}

function contains(l: CelList, x: CelValue): boolean {
  for (const y of l) if (celEquals(x, y)) return true;
  return false;
}

/**
 * The Kubernetes CEL list library (`k8s.io/apiserver/pkg/cel/library/lists.go`):
 * `isSorted()`, `sum()`, `min()`, `max()`, `indexOf()`, `lastIndexOf()`; and cel-go's
 * sets extension: `sets.contains()`, `sets.equivalent()`, `sets.intersects()`.
 */
export const LIST_FUNCTIONS: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    const all = items(this);
    return all.every((x, i) => i === 0 || !celLess(x, all[i - 1]));
  }),
  celMethod('sum', LIST, [], DYN, function () {
    const all = items(this);
    return all.length === 0 ? 0n : all.reduce((acc, x) => celAdd(acc, x));
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, 'min', (a, b) => celLess(a, b));
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 'max', (a, b) => celLess(b, a));
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (x) {
    return indexOf(this, x, false);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (x) {
    return indexOf(this, x, true);
  }),
  celFunc('sets.contains', [LIST, LIST], BOOL, (a, b) => items(b).every((x) => contains(a, x))),
  celFunc('sets.equivalent', [LIST, LIST], BOOL,
    (a, b) => items(b).every((x) => contains(a, x)) && items(a).every((x) => contains(b, x))),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => items(b).some((x) => contains(a, x))),
];
