// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, service } from './fixtures';
import { UPPER_CASE_METHODS } from '../../../lib/validate/rules/istio-semantics/upper-case-methods';
import { check, verdicts, violations } from '../harness';

const GRPC = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart') + service('shop', 'cart', '{ name: grpc, port: 9090 }');

describe('MESH-SEM-13: policy methods are upper-case HTTP verbs, and POST for gRPC servers', () => {
  it('Compliance 1: upper-case verbs, POST for a gRPC server', () => {
    const yaml = GRPC + authz('shop', 'cart-allow', 'selector: { matchLabels: { app: cart } }\nrules: [{ to: [{ operation: { methods: [POST], paths: [/shop.Cart/*] } }] }]');
    expect(verdicts(check(UPPER_CASE_METHODS, yaml))).toEqual(['compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('Noncompliance 1: a lower-case method never matches (normalization rejects lower-case verbs)', () => {
    const [v] = violations(check(UPPER_CASE_METHODS, authz('shop', 'no-delete', 'action: DENY\nrules: [{ to: [{ operation: { methods: [delete, Put] } }] }]')));
    expect(v.message).toBe('DENY AuthorizationPolicy shop/no-delete: rule 0 methods ["delete","Put"] is not upper-case, so it matches no request; expected upper-case HTTP verbs (POST for gRPC)');
  });

  it('Noncompliance 2: GET on a gRPC-only server', () => {
    const yaml = GRPC + authz('shop', 'cart-allow', 'selector: { matchLabels: { app: cart } }\nrules: [{ to: [{ operation: { methods: [GET] } }] }]');
    expect(violations(check(UPPER_CASE_METHODS, yaml))[0].message).toMatch(/rule 0 methods \["GET"\] never match at gRPC server shop\/cart, where every call is a POST/);
  });

  it('NotApplicable: policies without methods', () => {
    expect(check(UPPER_CASE_METHODS, authz('shop', 'cart', 'rules: [{ to: [{ operation: { paths: [/cart] } }] }]'))).toEqual([]);
  });
});
