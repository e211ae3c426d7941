// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace } from './fixtures';
import { WILDCARDS_SUPPORTED } from '../../../lib/validate/rules/istio-semantics/wildcards-supported';
import { check, verdicts, violations } from '../harness';

const SIDECAR = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart');
const AMBIENT = namespace('shop', 'istio.io/dataplane-mode: ambient') + deployment('shop', 'cart');
const TEAMS = authz('shop', 'cart-allow', 'selector: { matchLabels: { app: cart } }\nrules: [{ from: [{ source: { namespaces: [team-*-prod] } }] }]');

describe('MESH-SEM-10: policy values use `*` only as the whole value, a prefix or a suffix', () => {
  it('Compliance 1: presence, prefix, suffix and path templates', () => {
    const yaml = SIDECAR + authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }
rules:
- from: [{ source: { principals: ["*"], namespaces: [team-*] } }]
  to: [{ operation: { hosts: ["*.example.com"], paths: [/api/*, "/items/{*}/price", "/static/{**}"] } }]
  when: [{ key: "request.headers[x-tenant]", values: ["acme-*"] }]`);
    expect(verdicts(check(WILDCARDS_SUPPORTED, yaml))).toEqual(['compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('Noncompliance 1: a star inside a path or a principal is matched literally', () => {
    const yaml = SIDECAR + authz('shop', 'cart-deny', `action: DENY
rules: [{ from: [{ source: { principals: [cluster.local/ns/*/sa/legacy] } }], to: [{ operation: { paths: [/api/*/admin] } }] }]`);
    const [v] = violations(check(WILDCARDS_SUPPORTED, yaml));
    expect(v.severity).toBeUndefined();
    expect(v.message).toBe('DENY AuthorizationPolicy shop/cart-deny matches rule 0 from[0].source.principals "cluster.local/ns/*/sa/legacy", '
      + 'rule 0 to[0].operation.paths "/api/*/admin" literally, since Istio supports * only as the whole value, a prefix or a suffix, so the policy '
      + 'denies nothing for them; expected a prefix, suffix, path template or the values listed');
  });

  it('Noncompliance 2: a namespace glob is a warning on sidecars and an error at ztunnel', () => {
    const [sidecar] = violations(check(WILDCARDS_SUPPORTED, SIDECAR + TEAMS));
    expect(sidecar.severity).toBe('warning');
    expect(sidecar.message).toMatch(/a glob sidecars and waypoints support but ztunnel matches literally/);
    const [ztunnel] = violations(check(WILDCARDS_SUPPORTED, AMBIENT + TEAMS));
    expect(ztunnel.severity).toBeUndefined();
    expect(ztunnel.message).toMatch(/rule 0 from\[0\]\.source\.namespaces "team-\*-prod" \(at ztunnel\) literally/);
  });

  it('NotApplicable: policies without any star, and stars in IP and port conditions', () => {
    const yaml = authz('shop', 'cart', 'rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }], when: [{ key: destination.port, values: ["80*"] }] }]');
    expect(check(WILDCARDS_SUPPORTED, yaml)).toEqual([]);
  });
});
