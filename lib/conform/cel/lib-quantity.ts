// SPDX-License-Identifier: Apache-2.0
import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { OPAQUE, expectPayload, opaque } from './opaque';
import { Quantity } from './quantity';

const { BOOL, DOUBLE, INT, STRING } = CelScalar;
const KIND = 'kubernetes.Quantity';
const INT64_MAX = (1n << 63n) - 1n;

function value(q: Quantity) {
  return opaque(KIND, q.canonical, q);
}

function q(v: unknown, fn: string): Quantity {
  return expectPayload<Quantity>(v, KIND, fn);
}

function mustParse(s: string): Quantity {
  const parsed = Quantity.parse(s);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/**
 * The Kubernetes CEL quantity library (`k8s.io/apiserver/pkg/cel/library/quantity.go`).
 */
export const QUANTITY_FUNCTIONS: CelFunc[] = [
  celFunc('quantity', [STRING], OPAQUE, (s) => value(mustParse(s))),
  celFunc('isQuantity', [STRING], BOOL, (s) => typeof Quantity.parse(s) !== 'string'),
  celMethod('isInteger', OPAQUE, [], BOOL, function () {
    return q(this, 'isInteger').isInteger();
  }),
  celMethod('asInteger', OPAQUE, [], INT, function () {
    const x = q(this, 'asInteger');
    if (!x.isInteger() || x.num > INT64_MAX || x.num < -INT64_MAX - 1n) {
      throw new Error('cannot convert value to integer');
    }
    return x.num;
  }),
  celMethod('asApproximateFloat', OPAQUE, [], DOUBLE, function () {
    return q(this, 'asApproximateFloat').asApproximateFloat();
  }),
  celMethod('sign', OPAQUE, [], INT, function () {
    return BigInt(q(this, 'sign').sign());
  }),
  celMethod('add', OPAQUE, [OPAQUE], OPAQUE, function (o) {
    return value(q(this, 'add').add(q(o, 'add')));
  }),
  celMethod('add', OPAQUE, [INT], OPAQUE, function (n) {
    return value(q(this, 'add').add(Quantity.fromInteger(n)));
  }),
  celMethod('sub', OPAQUE, [OPAQUE], OPAQUE, function (o) {
    return value(q(this, 'sub').add(q(o, 'sub').negate()));
  }),
  celMethod('sub', OPAQUE, [INT], OPAQUE, function (n) {
    return value(q(this, 'sub').add(Quantity.fromInteger(-n)));
  }),
  celMethod('compareTo', OPAQUE, [OPAQUE], INT, function (o) {
    return BigInt(q(this, 'compareTo').compareTo(q(o, 'compareTo')));
  }),
  celMethod('isGreaterThan', OPAQUE, [OPAQUE], BOOL, function (o) {
    return q(this, 'isGreaterThan').compareTo(q(o, 'isGreaterThan')) > 0;
  }),
  celMethod('isLessThan', OPAQUE, [OPAQUE], BOOL, function (o) {
    return q(this, 'isLessThan').compareTo(q(o, 'isLessThan')) < 0;
  }),
];
