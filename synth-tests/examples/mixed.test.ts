// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { synth as synthCilium } from '../../examples/shop-cilium/main';
import { MixedChart } from '../../examples/mixed/main';
import type { Obj } from '../helpers';

describe('examples/mixed: every proxy model in one mesh', () => {
  const objs = Testing.synth(new MixedChart(Testing.app(), 'mixed')) as Obj[];
  const find = (kind: string, name: string) => {
    const found = objs.filter((o) => o.kind === kind && o.metadata.name === name);
    expect(found, `${kind} ${name}`).toHaveLength(1);
    return found[0];
  };
  const pod = (name: string) => find('Deployment', name).spec.template.metadata;

  it('enrols each workload in its own model; the mixed namespace carries no enrolment label', () => {
    expect(find('Namespace', 'mixed').metadata.labels).toBeUndefined();
    expect(pod('web').labels['sidecar.istio.io/inject']).toBe('true');
    expect(pod('cart').labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(pod('recommendations').annotations['inject.istio.io/templates']).toBe('grpc-agent');
    expect(pod('analytics').labels['sidecar.istio.io/inject']).toBe('false');
  });

  it('admits the identity each hop presents', () => {
    // the waypoint sees the sidecar client's identity; ztunnel sees the waypoint's
    expect(find('AuthorizationPolicy', 'cart-allow').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/mixed/sa/web']);
    expect(find('AuthorizationPolicy', 'cart-ztunnel').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/mixed/sa/cart-waypoint']);
    // an ambient client calling a sidecar server and an L4 ztunnel server presents its own identity
    expect(find('AuthorizationPolicy', 'payments-allow').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/mixed/sa/cart']);
    expect(find('AuthorizationPolicy', 'orders-db-allow').spec.selector).toEqual({ matchLabels: { app: 'orders-db' } });
    // the Cilium policy selects the cart's pods by service account
    const ingress = find('CiliumNetworkPolicy', 'analytics').spec.ingress;
    expect(JSON.stringify(ingress)).toContain('"io.cilium.k8s.policy.serviceaccount":"cart"');
  });

  it('segments the high-risk services at L3; an ambient caller reaches a sidecar over HBONE (15008)', () => {
    const segmented = (type: string) => objs.filter((o) => o.kind === 'NetworkPolicy' && o.spec.policyTypes.includes(type)).map((o) => o.metadata.name).sort();
    expect(segmented('Ingress')).toEqual(['payments', 'web']);
    expect(find('NetworkPolicy', 'payments').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mixed' } }, podSelector: { matchLabels: { app: 'cart' } } }],
      ports: [{ port: 15008, protocol: 'TCP' }],
    }]);
  });

  it('limits the egress of the ambient and proxyless workloads at L3, each by the transport its connections leave on', () => {
    const pods = (labels: Record<string, string>, namespace = 'mixed') => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: labels } });
    const dns = { to: [pods({ 'k8s-app': 'kube-dns' }, 'kube-system')], ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] };
    expect(objs.filter((o) => o.kind === 'NetworkPolicy' && o.spec.policyTypes.includes('Egress')).map((o) => `${o.metadata.name}:${o.spec.policyTypes.join(',')}`).sort())
      .toEqual(['cart:Egress', 'orders-db:Egress', 'recommendations:Egress']);
    // ztunnel: plain TCP to the Cilium pod Istio does not capture, HBONE to the sidecar and the ztunnel-only pods
    expect(find('NetworkPolicy', 'cart').spec.egress).toEqual([
      dns,
      { to: [pods({ app: 'analytics' })], ports: [{ port: 8080, protocol: 'TCP' }] },
      { to: [pods({ app: 'orders-db' }), pods({ app: 'payments' })], ports: [{ port: 15008, protocol: 'TCP' }] },
    ]);
    expect(find('NetworkPolicy', 'orders-db').spec.egress).toEqual([dns]);
    // the grpc-agent fetches xDS and certificates from istiod
    expect(find('NetworkPolicy', 'recommendations').spec.egress).toEqual([dns, { to: [pods({ app: 'istiod' }, 'istio-system')], ports: [{ port: 15012, protocol: 'TCP' }] }]);
  });
});

describe('examples/shop-cilium', () => {
  it('emits one CiliumNetworkPolicy per service and no Istio proxy', () => {
    const app = synthCilium(`${require('node:os').tmpdir()}/shop-cilium-${process.pid}`);
    const objs = app.charts.flatMap((c) => Testing.synth(c)) as Obj[];
    expect(objs.filter((o) => o.kind === 'CiliumNetworkPolicy').map((o) => o.metadata.name).sort()).toEqual(['cart', 'db', 'frontend', 'payments']);
    expect(objs.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
    for (const d of objs.filter((o) => o.kind === 'Deployment')) expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
  });
});
