// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { WORKLOAD_ALLOW_POLICY } from '../../../lib/validate/rules/authz/workload-allow-policy';
import { check, verdicts, violations } from '../harness';
import { AMBIENT, PROXYLESS, SIDECAR, authz, from, object, selectApp, workload, yaml } from './fixtures';

const SHARED = { pod: { 'sidecar.istio.io/inject': 'false' } };

function cilium(name: string, ingress: unknown[]): string {
  return object('cilium.io/v2', 'CiliumNetworkPolicy', 'shop', name, { endpointSelector: { matchLabels: { app: name } }, ingress });
}

describe('MESH-AUTHZ-02: every enrolled application workload is selected by an ALLOW policy that admits its callers', () => {
  it('Compliance: selector policies (sidecar, proxyless), a waypoint policy on the Service and Cilium ingress rules', () => {
    const out = check(WORKLOAD_ALLOW_POLICY, yaml(
      workload('shop', 'cart', SIDECAR),
      authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web')] }),
      workload('shop', 'reco', PROXYLESS),
      authz('shop', 'reco-allow', { ...selectApp('reco'), action: 'ALLOW', rules: [from('shop', 'web')] }),
      workload('shop', 'orders', { pod: { ...AMBIENT.pod, 'istio.io/use-waypoint': 'orders-waypoint' } }),
      authz('shop', 'orders-allow', { targetRefs: [{ group: '', kind: 'Service', name: 'orders' }], action: 'ALLOW', rules: [from('shop', 'web')] }),
      workload('shop', 'analytics', SHARED),
      cilium('analytics', [{ fromEndpoints: [{ matchLabels: { app: 'cart' } }] }]),
    ));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/analytics', 'compliant Deployment shop/cart', 'compliant Deployment shop/orders', 'compliant Deployment shop/reco']);
    expect(out.find((o) => o.subject.name === 'orders')!.message).toMatch(/shop\/orders \(ambient\) is selected by ALLOW AuthorizationPolicy shop\/orders-allow/);
  });

  it('Noncompliance 1: a sidecar workload with only allow-nothing, a dry-run ALLOW and a DENY', () => {
    const [v] = violations(check(WORKLOAD_ALLOW_POLICY, yaml(
      workload('shop', 'cart', SIDECAR),
      authz('shop', 'allow-nothing', {}),
      authz('shop', 'cart-allow-dry-run', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web')] }, { 'istio.io/dry-run': 'true' }),
      authz('shop', 'cart-deny', { ...selectApp('cart'), action: 'DENY', rules: [from('shop', 'bad')] }),
    )));
    expect(v.subject).toMatchObject({ kind: 'Deployment', name: 'cart' });
    expect(v.message).toMatch(/^shop\/cart \(sidecar\) is selected by no enforced ALLOW AuthorizationPolicy with rules, so no caller can reach it/);
  });

  it('Noncompliance 2: an ALLOW policy selecting other pods does not count', () => {
    const out = check(WORKLOAD_ALLOW_POLICY, yaml(workload('shop', 'cart', AMBIENT), authz('shop', 'db-allow', { ...selectApp('db'), action: 'ALLOW', rules: [from('shop', 'cart')] })));
    expect(verdicts(out)).toEqual(['non-compliant Deployment shop/cart']);
  });

  it('Noncompliance 3: a targetRef names a Service of its own namespace exactly, never a host of another namespace', () => {
    const ambient = (ns: string, name: string) => workload(ns, name, { pod: { ...AMBIENT.pod, 'istio.io/use-waypoint': `${name}-waypoint` } });
    const out = check(WORKLOAD_ALLOW_POLICY, yaml(
      ambient('other', 'orders'),
      ambient('shop', 'cart'),
      // Istio reads targetRefs names as Service names in the policy's namespace: these select nothing
      authz('shop', 'by-host', { targetRefs: [{ group: '', kind: 'Service', name: 'orders.other' }], action: 'ALLOW', rules: [from('shop', 'web')] }),
      authz('shop', 'by-fqdn', { targetRefs: [{ group: '', kind: 'Service', name: 'orders.other.svc.cluster.local' }], action: 'ALLOW', rules: [from('shop', 'web')] }),
      authz('shop', 'by-case', { targetRefs: [{ group: '', kind: 'Service', name: 'Cart' }], action: 'ALLOW', rules: [from('shop', 'web')] }),
    ));
    expect(verdicts(out)).toEqual(['non-compliant Deployment other/orders', 'non-compliant Deployment shop/cart']);
  });

  it('Noncompliance 4: a Cilium policy whose ingress rules admit no peer (fromEntities: [])', () => {
    const [v] = violations(check(WORKLOAD_ALLOW_POLICY, yaml(workload('shop', 'frontend', SHARED), cilium('frontend', [{ fromEntities: [] }]))));
    expect(v.message).toMatch(/^shop\/frontend \(shared node\) is selected by no CiliumNetworkPolicy ingress rule that admits a peer/);
  });

  it('NotApplicable: workloads on no data plane', () => {
    expect(check(WORKLOAD_ALLOW_POLICY, workload('shop', 'cart'))).toEqual([]);
  });
});
