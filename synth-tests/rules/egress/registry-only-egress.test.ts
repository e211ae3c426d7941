// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AMBIENT, PROXYLESS, SIDECAR, deployment, meshConfig, namespace, object } from './fixtures';
import { REGISTRY_ONLY_EGRESS } from '../../../lib/validate/rules/egress/registry-only-egress';
import { check, verdicts, violations } from '../harness';

const sidecarScope = (ns: string, mode?: string, selector?: Record<string, string>, name = 'default') => object('networking.istio.io/v1', 'Sidecar', name, ns, {
  ...(selector ? { workloadSelector: { labels: selector } } : {}),
  egress: [{ hosts: ['istio-system/*', './*'] }],
  ...(mode ? { outboundTrafficPolicy: { mode } } : {}),
});

const shop = namespace('shop') + deployment('cart', 'shop', SIDECAR);

describe('MESH-EGRESS-01: outbound traffic of every workload is limited to registered destinations', () => {
  it('Compliance: the namespace Sidecar sets REGISTRY_ONLY', () => {
    const out = check(REGISTRY_ONLY_EGRESS, shop + sidecarScope('shop', 'REGISTRY_ONLY'));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/Sidecar shop\/default applies to shop\/cart with outboundTrafficPolicy.mode REGISTRY_ONLY/);
  });

  it('Compliance: the mesh config sets REGISTRY_ONLY and no Sidecar overrides it', () => {
    const out = check(REGISTRY_ONLY_EGRESS, shop + sidecarScope('shop') + meshConfig({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/mesh config sets outboundTrafficPolicy.mode REGISTRY_ONLY/);
  });

  it('Compliance: a root-namespace Sidecar applies when the namespace has none', () => {
    const out = check(REGISTRY_ONLY_EGRESS, shop + sidecarScope('istio-system', 'REGISTRY_ONLY'));
    expect(out[0].message).toMatch(/Sidecar istio-system\/default applies/);
  });

  it('Compliance: ambient and shared-node workloads whose egress a network policy limits', () => {
    const yaml = namespace('shop') + deployment('web', 'shop', AMBIENT)
      + object('networking.k8s.io/v1', 'NetworkPolicy', 'web-egress', 'shop', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }, { ports: [{ port: 53, protocol: 'UDP' }] }] })
      + deployment('stats', 'shop', { pod: { 'sidecar.istio.io/inject': 'false' } })
      + object('cilium.io/v2', 'CiliumNetworkPolicy', 'stats', 'shop', { endpointSelector: { matchLabels: { app: 'stats' } }, enableDefaultDeny: { egress: true, ingress: true }, egress: [{ toFQDNs: [{ matchName: 'api.example.com' }] }] });
    const out = check(REGISTRY_ONLY_EGRESS, yaml);
    expect(verdicts(out)).toEqual(['compliant Deployment shop/stats', 'compliant Deployment shop/web']);
    expect(out.find((o) => o.subject.name === 'web')!.message).toMatch(/NetworkPolicy shop\/web-egress limits its egress/);
    expect(out.find((o) => o.subject.name === 'stats')!.message).toMatch(/CiliumNetworkPolicy shop\/stats puts it in egress default deny/);
  });

  it('Noncompliance 1: a workload Sidecar with ALLOW_ANY overrides the namespace\'s REGISTRY_ONLY', () => {
    const yaml = shop + sidecarScope('shop', 'REGISTRY_ONLY') + sidecarScope('shop', 'ALLOW_ANY', { app: 'cart' }, 'legacy');
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, yaml));
    expect(v.subject).toMatchObject({ kind: 'Deployment', name: 'cart' });
    expect(v.severity).toBeUndefined();
    expect(v.message).toMatch(/^Sidecar shop\/legacy applies to shop\/cart and sets outboundTrafficPolicy.mode "ALLOW_ANY"; expected "REGISTRY_ONLY"$/);
  });

  it('Noncompliance 2: no Sidecar and no mesh-wide mode leave Istio\'s ALLOW_ANY default', () => {
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, shop));
    expect(v.message).toMatch(/shop\/cart may call any destination: no Sidecar applies to it and the mesh config leaves the mode at Istio's default "ALLOW_ANY"/);
  });

  it('Noncompliance 3: an ambient workload without an egress NetworkPolicy is a warning naming ztunnel', () => {
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, namespace('shop') + deployment('web', 'shop', AMBIENT) + sidecarScope('shop', 'REGISTRY_ONLY')));
    expect(v.severity).toBe('warning');
    expect(v.message).toMatch(/shop\/web may call any destination: ztunnel .* does not enforce REGISTRY_ONLY .*no NetworkPolicy limits its egress; add a NetworkPolicy with policyTypes \[Egress\]/);
  });

  it('an ambient workload opted out with EgressSegmentation.disabled carries the justification (reported as suppressed)', () => {
    const yaml = namespace('shop') + deployment('web', 'shop', AMBIENT).replace('metadata: { name: web, namespace: shop, labels: {} }', 'metadata: { name: web, namespace: shop, labels: {}, annotations: { mesh.cdk8s.io/egress-exception: "calls a partner API by IP until DNS is fixed (NET-4)" } }');
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, yaml));
    expect(v.justification).toBe('calls a partner API by IP until DNS is fixed (NET-4)');
  });

  it('Noncompliance 4: a proxyless workload whose NetworkPolicy allows every destination', () => {
    const yaml = namespace('shop') + deployment('grpc', 'shop', PROXYLESS)
      + object('networking.k8s.io/v1', 'NetworkPolicy', 'open', 'shop', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, yaml));
    expect(v.severity).toBe('warning');
    expect(v.message).toMatch(/the gRPC library .* does not enforce .*NetworkPolicy shop\/open has an egress rule without `to`, which allows every destination/);
  });

  it('Noncompliance 5: a shared-node workload whose CiliumNetworkPolicy allows the world entity', () => {
    const yaml = namespace('shop') + deployment('stats', 'shop', { pod: { 'sidecar.istio.io/inject': 'false' } })
      + object('cilium.io/v2', 'CiliumNetworkPolicy', 'stats', 'shop', { endpointSelector: { matchLabels: { app: 'stats' } }, egress: [{ toEntities: ['world'] }] });
    const [v] = violations(check(REGISTRY_ONLY_EGRESS, yaml));
    expect(v.severity).toBeUndefined();
    expect(v.message).toMatch(/shop\/stats runs on a shared node proxy and CiliumNetworkPolicy shop\/stats allows egress to the entity "world"/);
  });

  it('NotApplicable: no workload enrolled in a data plane', () => {
    expect(check(REGISTRY_ONLY_EGRESS, namespace('shop') + deployment('cart', 'shop'))).toEqual([]);
  });
});
