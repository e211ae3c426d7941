// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace } from './fixtures';
import { NO_HOSTS_ON_SIDECARS } from '../../../lib/validate/rules/istio-semantics/no-hosts-on-sidecars';
import { check, verdicts, violations } from '../harness';

const SIDECAR = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart');

describe('MESH-SEM-12: sidecar policies do not rely on hosts, which the caller chooses', () => {
  it('Compliance 1: hosts in a policy for a Gateway API gateway', () => {
    const yaml = authz('edge', 'public', 'targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: public }]\nrules: [{ to: [{ operation: { hosts: [shop.example.com, "shop.example.com:*"] } }] }]');
    expect(verdicts(check(NO_HOSTS_ON_SIDECARS, yaml))).toEqual(['compliant AuthorizationPolicy edge/public']);
  });

  it('Noncompliance 1: a DENY on hosts at a sidecar is bypassed with another spelling (error)', () => {
    const yaml = SIDECAR + authz('shop', 'no-admin-host', 'action: DENY\nrules: [{ to: [{ operation: { hosts: [admin.shop.svc.cluster.local] } }] }]');
    const [v] = violations(check(NO_HOSTS_ON_SIDECARS, yaml));
    expect(v.severity).toBe('error');
    expect(v.message).toBe('DENY AuthorizationPolicy shop/no-admin-host relies on rule 0 hosts ["admin.shop.svc.cluster.local"] at sidecar workload shop/cart, '
      + 'whose inbound accepts any Host header, so a caller bypasses it with another spelling of the destination; expected conditions on identity, ports, methods or paths');
  });

  it('Noncompliance 2: an ALLOW on hosts at a sidecar restricts little (warning)', () => {
    const yaml = SIDECAR + authz('shop', 'cart-allow', 'selector: { matchLabels: { app: cart } }\nrules: [{ to: [{ operation: { hosts: [cart.shop] } }] }]');
    const [v] = violations(check(NO_HOSTS_ON_SIDECARS, yaml));
    expect(v.severity).toBeUndefined();
    expect(v.message).toMatch(/where the caller chooses the Host header \(and `name:port` spellings are not listed\)/);
  });

  it('NotApplicable: no hosts, or a dry-run policy', () => {
    expect(check(NO_HOSTS_ON_SIDECARS, SIDECAR + authz('shop', 'cart', 'rules: [{ to: [{ operation: { paths: [/cart] } }] }]'))).toEqual([]);
    expect(check(NO_HOSTS_ON_SIDECARS, SIDECAR + authz('shop', 'cart', 'action: DENY\nrules: [{ to: [{ operation: { hosts: [x] } }] }]', 'istio.io/dry-run: "true"'))).toEqual([]);
  });
});
