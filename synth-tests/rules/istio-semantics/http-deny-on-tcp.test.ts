// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, service } from './fixtures';
import { HTTP_DENY_ON_TCP } from '../../../lib/validate/rules/istio-semantics/http-deny-on-tcp';
import { check, verdicts, violations } from '../harness';

const MIXED = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart')
  + service('shop', 'cart', '{ name: http, port: 80, targetPort: 8080 }, { name: tcp-redis, port: 6379 }');

const DENY_POST = authz('shop', 'no-post', 'action: DENY\nrules: [{ to: [{ operation: { methods: [POST] } }] }]');

describe('MESH-SEM-04: DENY rules with HTTP-only conditions do not reach TCP ports of sidecar workloads', () => {
  it('Compliance 1: the DENY on methods is limited to the HTTP port', () => {
    const yaml = MIXED + authz('shop', 'no-post', `selector: { matchLabels: { app: cart } }
action: DENY
rules: [{ to: [{ operation: { methods: [POST], ports: ["8080"] } }] }]`);
    expect(verdicts(check(HTTP_DENY_ON_TCP, yaml))).toEqual(['compliant AuthorizationPolicy shop/no-post']);
  });

  it('Noncompliance 1: DENY methods without ports denies every connection to the TCP port (#25832)', () => {
    const yaml = MIXED + authz('shop', 'no-post', `selector: { matchLabels: { app: cart } }
action: DENY
rules: [{ to: [{ operation: { methods: [POST] } }] }]`);
    const [v] = violations(check(HTTP_DENY_ON_TCP, yaml));
    expect(v.message).toBe('DENY AuthorizationPolicy shop/no-post uses HTTP-only fields, which a TCP filter chain drops, so rule 0 denies every matching '
      + 'connection to shop/cart on TCP port 6379 (Service shop/cart port tcp-redis); expected the rule limited to HTTP ports with to.operation.ports');
  });

  it('Noncompliance 2: DENY notRequestPrincipals ["*"] denies all TCP traffic; a TCP port named next to methods is denied outright', () => {
    const yaml = MIXED + authz('shop', 'require-jwt', `action: DENY
rules:
- from: [{ source: { notRequestPrincipals: ["*"] } }]
- to: [{ operation: { methods: [DELETE], ports: ["6379"] } }]`);
    const [v] = violations(check(HTTP_DENY_ON_TCP, yaml));
    expect(v.message).toMatch(/rule 0 denies every matching connection to shop\/cart on TCP port 6379 .*; rule 1 denies every matching connection to shop\/cart on TCP port 6379/);
  });

  it('Compliance 2: a DENY on methods for a workload with HTTP ports only', () => {
    const http = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart') + service('shop', 'cart');
    expect(verdicts(check(HTTP_DENY_ON_TCP, http + DENY_POST))).toEqual(['compliant AuthorizationPolicy shop/no-post']);
  });

  it('NotApplicable: a DENY without HTTP-only fields, or an ambient workload (MESH-MODEL-02)', () => {
    const deny = DENY_POST;
    expect(check(HTTP_DENY_ON_TCP, MIXED + authz('shop', 'no-legacy', 'action: DENY\nrules: [{ from: [{ source: { namespaces: [legacy] } }] }]'))).toEqual([]);
    const ambient = namespace('shop', 'istio.io/dataplane-mode: ambient') + deployment('shop', 'cart') + service('shop', 'cart', '{ name: tcp, port: 6379 }');
    expect(check(HTTP_DENY_ON_TCP, ambient + deny)).toEqual([]);
  });
});
