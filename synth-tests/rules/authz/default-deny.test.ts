// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { DEFAULT_DENY } from '../../../lib/validate/rules/authz/default-deny';
import { check, verdicts, violations } from '../harness';
import { AMBIENT, PROXYLESS, SIDECAR, authz, from, namespace, object, selectApp, workload, yaml } from './fixtures';

const ALLOW_NOTHING = authz('shop', 'allow-nothing', {});

function cilium(name: string, spec: Record<string, unknown>): string {
  return object('cilium.io/v2', 'CiliumNetworkPolicy', 'shop', name, { endpointSelector: { matchLabels: { app: name } }, ...spec });
}

describe('MESH-AUTHZ-01: every application namespace denies by default what no policy allows', () => {
  it('Compliance: an allow-nothing policy in the namespace covers sidecar and ambient workloads', () => {
    const out = check(DEFAULT_DENY, yaml(namespace('shop'), workload('shop', 'cart', SIDECAR), workload('shop', 'db', AMBIENT), ALLOW_NOTHING));
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/allow-nothing']);
    expect(out[0].message).toMatch(/^namespace shop: AuthorizationPolicy shop\/allow-nothing denies what no ALLOW policy admits$/);
  });

  it('Compliance: a root-namespace allow-nothing covers every namespace', () => {
    const out = check(DEFAULT_DENY, yaml(workload('shop', 'cart', SIDECAR), workload('pay', 'api', SIDECAR), authz('istio-system', 'deny-all', { action: 'ALLOW' })));
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy istio-system/deny-all', 'compliant AuthorizationPolicy istio-system/deny-all']);
  });

  it('Compliance: the SDK\'s compensating deny for proxyless gRPC, in both of its forms, and a Cilium policy for shared-node pods', () => {
    const out = check(DEFAULT_DENY, yaml(
      ALLOW_NOTHING,
      workload('shop', 'cart', PROXYLESS),
      authz('shop', 'cart-default-deny', { ...selectApp('cart'), action: 'DENY', rules: [{}] }),
      workload('shop', 'reco', PROXYLESS),
      authz('shop', 'reco-default-deny', { ...selectApp('reco'), action: 'ALLOW' }),
      authz('shop', 'reco-allow', { ...selectApp('reco'), action: 'ALLOW', rules: [from('shop', 'web', { methods: ['POST'] })] }),
      workload('shop', 'analytics', { pod: { 'sidecar.istio.io/inject': 'false' } }),
      cilium('analytics', { enableDefaultDeny: { ingress: true, egress: true }, ingress: [] }),
    ));
    // No workload relies on allow-nothing here: the first compensating policy is the evidence.
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/cart-default-deny']);
    expect(out[0].message).not.toMatch(/allow-nothing denies/);
    expect(out[0].message).toMatch(/proxyless gRPC shop\/cart: AuthorizationPolicy shop\/cart-default-deny denies every request/);
    expect(out[0].message).toMatch(/proxyless gRPC shop\/reco: AuthorizationPolicy shop\/reco-allow has rules/);
    expect(out[0].message).toMatch(/shared node shop\/analytics: CiliumNetworkPolicy shop\/analytics puts its ingress in default deny/);
  });

  it('Noncompliance 1: no allow-nothing policy anywhere is an error on the expected policy, unsuppressible at high risk', () => {
    const out = check(DEFAULT_DENY, yaml(workload('shop', 'cart', { ...SIDECAR, risk: 'high' }), authz('shop', 'cart-allow', { ...selectApp('cart'), rules: [from('shop', 'web')] })));
    const [v] = violations(out);
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/allow-nothing']);
    expect(v.subject.file).toBeUndefined();
    expect(v.risk).toBe('high');
    expect(v.message).toMatch(/^namespace shop has no allow-nothing AuthorizationPolicy \(spec: \{\}\) and the root namespace istio-system has none either; expected default deny/);
    expect(DEFAULT_DENY.unsuppressibleAt).toEqual(['high']);
  });

  it('Noncompliance 2: a dry-run, selector-scoped or rule-carrying policy is no allow-nothing', () => {
    const out = check(DEFAULT_DENY, yaml(
      workload('shop', 'cart', SIDECAR),
      authz('shop', 'dry', {}, { 'istio.io/dry-run': 'true' }),
      authz('shop', 'scoped', { ...selectApp('cart') }),
      authz('shop', 'open', { rules: [{}] }),
    ));
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/allow-nothing']);
  });

  it('Noncompliance 3: a proxyless gRPC workload relying on allow-nothing alone (gRPC ignores it)', () => {
    const [v] = violations(check(DEFAULT_DENY, yaml(ALLOW_NOTHING, workload('shop', 'cart', PROXYLESS))));
    expect(v.subject).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'cart' });
    expect(v.message).toMatch(/^namespace shop: proxyless gRPC workload shop\/cart ignores allow-nothing and has no DENY policy with an empty rule nor an ALLOW policy with rules$/);
  });

  it('Noncompliance 4: a shared-node workload whose Cilium policy leaves ingress open', () => {
    const [v] = violations(check(DEFAULT_DENY, yaml(
      workload('shop', 'analytics', { pod: { 'sidecar.istio.io/inject': 'false' } }),
      cilium('analytics', { enableDefaultDeny: { ingress: false }, ingress: [{ fromEntities: ['cluster'] }] }),
    )));
    expect(v.message).toMatch(/shared-node workload shop\/analytics is selected by no CiliumNetworkPolicy with ingress rules/);
  });

  it('NotApplicable: no application workloads (gateway pods only)', () => {
    expect(check(DEFAULT_DENY, workload('edge', 'gw', { pod: { 'gateway.networking.k8s.io/gateway-name': 'edge' } }))).toEqual([]);
  });
});
