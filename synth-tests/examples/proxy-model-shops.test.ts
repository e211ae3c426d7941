// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { synth as synthAmbient } from '../../examples/shop-ambient/main';
import { synth as synthProxyless } from '../../examples/shop-proxyless/main';
import type { Obj } from '../helpers';

/** The pods of a namespace with these labels, as a NetworkPolicy peer. */
const pods = (namespace: string, labels: Record<string, string>) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: labels } });
/** The default DNS egress rule: CoreDNS in kube-system, UDP and TCP 53. */
const DNS = { to: [pods('kube-system', { 'k8s-app': 'kube-dns' })], ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] };

function objectsOf(synth: (outdir: string) => unknown): Obj[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
  try {
    synth(dir);
    return fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Obj));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('examples/shop-ambient', () => {
  const objs = objectsOf(synthAmbient);
  const find = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('gives the HTTP services a waypoint each and keeps the database on ztunnel', () => {
    expect(objs.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name).sort()).toEqual(['cart-waypoint', 'frontend-waypoint', 'payments-waypoint', 'storefront']);
    expect(find('Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
  });

  it('limits each workload\'s egress at L3 (ztunnel enforces no REGISTRY_ONLY): DNS, and HBONE to the waypoint or pods of what admits it', () => {
    // medium risk: no ingress segmentation unless a service opts in; egress segmentation is on for ambient
    const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((o) => `${o.metadata.name}:${o.spec.policyTypes.join(',')}:${o.spec.ingress === undefined}`).sort())
      .toEqual(['cart:Egress:true', 'db:Egress:true', 'frontend:Egress:true', 'payments:Egress:true']);
    const egress = (name: string) => find('NetworkPolicy', name).spec.egress;
    expect(egress('frontend')).toEqual([DNS, { to: [pods('shop', { 'gateway.networking.k8s.io/gateway-name': 'cart-waypoint' })], ports: [{ port: 15008, protocol: 'TCP' }] }]);
    expect(egress('cart')).toEqual([DNS, {
      to: [pods('shop', { app: 'db' }), pods('shop', { 'gateway.networking.k8s.io/gateway-name': 'payments-waypoint' })],
      ports: [{ port: 15008, protocol: 'TCP' }],
    }]);
    expect(egress('payments')).toEqual([DNS]);
    expect(egress('db')).toEqual([DNS]);
  });

  it('enforces the same intent: GET /cart/* at the waypoint, the waypoint alone at ztunnel, tcp to db at ztunnel', () => {
    expect(find('AuthorizationPolicy', 'cart-allow').spec).toMatchObject({
      targetRefs: [{ group: '', kind: 'Service', name: 'cart' }],
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { methods: ['GET'], paths: ['/cart/*'] } }] }],
    });
    expect(find('AuthorizationPolicy', 'cart-ztunnel').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/shop/sa/cart-waypoint']);
    expect(find('AuthorizationPolicy', 'db-allow').spec).toMatchObject({ selector: { matchLabels: { app: 'db' } }, rules: [{ to: [{ operation: { ports: ['5432'] } }] }] });
  });
});

describe('examples/shop-proxyless', () => {
  const objs = objectsOf(synthProxyless);
  const find = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('runs cart and payments proxyless, with the grpc-agent template', () => {
    for (const svc of ['cart', 'payments']) {
      expect(find('Deployment', svc).spec.template.metadata.annotations).toMatchObject({ 'inject.istio.io/templates': 'grpc-agent' });
    }
    expect(find('Deployment', 'db').spec.template.metadata.annotations).toBeUndefined();
  });

  it('limits the proxyless workloads\' egress at L3 (the gRPC library enforces no REGISTRY_ONLY): DNS, istiod, and the ports of what admits them', () => {
    // the sidecar services' egress stays with the namespace's Sidecar
    expect(objs.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.name}:${o.spec.policyTypes.join(',')}`).sort()).toEqual(['cart:Egress', 'payments:Egress']);
    const istiod = { to: [pods('istio-system', { app: 'istiod' })], ports: [{ port: 15012, protocol: 'TCP' }] };
    expect(find('NetworkPolicy', 'cart').spec.egress).toEqual([
      DNS,
      { to: [pods('shop-grpc', { app: 'db' })], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [pods('shop-grpc', { app: 'payments' })], ports: [{ port: 9090, protocol: 'TCP' }] },
      istiod,
    ]);
    expect(find('NetworkPolicy', 'payments').spec.egress).toEqual([DNS, istiod]);
  });

  it('admits gRPC methods by path, with the client identities', () => {
    expect(find('AuthorizationPolicy', 'payments-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/shop-grpc/sa/cart'] } }],
      to: [{ operation: { methods: ['POST'], paths: ['/shop.Payments/Charge'] } }],
    }]);
  });
});
