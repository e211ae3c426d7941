// SPDX-License-Identifier: Apache-2.0
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { IngressGateway, IngressTls, Match, Mesh, Peer, WorkloadIdentity } from 'cdk8s-mesh';
import { chart, objects, one, notUnderTest } from '../helpers';
import { shop } from './fixtures';

describe('IngressGateway: the Gateway', () => {
  it('renders a Gateway of class istio with one HTTPS listener per hostname, terminating TLS from the Secret', () => {
    const { c, gateway, frontend } = shop({ hostnames: ['shop.example.com', '*.shop.example.com'] });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(one(c, 'Gateway', 'edge')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'ingress' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'https-wildcard.shop.example.com',
            hostname: '*.shop.example.com',
            port: 443,
            protocol: 'HTTPS',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
            allowedRoutes: {
              kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
              namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } },
            },
          },
          {
            name: 'https-shop.example.com',
            hostname: 'shop.example.com',
            port: 443,
            protocol: 'HTTPS',
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
            allowedRoutes: {
              kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
              namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } },
            },
          },
        ],
      },
    });
  });

  it('admits routes only from the namespaces its routes live in, per listener', () => {
    const { c, gateway, frontend, cart } = shop({ hostnames: ['shop.example.com', 'api.shop.example.com'] });
    gateway.route(frontend, { paths: [Match.prefix('/')], hostnames: ['shop.example.com'] });
    gateway.route(cart, { paths: [Match.prefix('/cart')] });
    const listeners = one(c, 'Gateway', 'edge').spec.listeners;
    expect(listeners.map((l: any) => [l.name, l.allowedRoutes.namespaces.selector.matchExpressions[0].values])).toEqual([
      ['https-api.shop.example.com', ['api']],
      ['https-shop.example.com', ['api', 'shop']],
    ]);
  });

  it('uses `from: Same` when every route lives in the gateway\'s namespace', () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-EU-03', 'MESH-MODEL-05');
    const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] });
    const gateway = new IngressGateway(c, 'edge', { mesh, hostnames: ['shop.example.com'], tls: IngressTls.fromSecret('shop-tls') });
    gateway.route(web, { paths: [Match.prefix('/')] });
    expect(one(c, 'Gateway', 'edge', 'shop').spec.listeners[0].allowedRoutes).toEqual({
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      namespaces: { from: 'Same' },
    });
  });

  it('adds a plain-HTTP listener per hostname only with a justified redirect, recorded on the Gateway', () => {
    const { c, gateway, frontend } = shop({ httpRedirect: { justification: 'legacy clients type http:// URLs (SEC-88)' } });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    const gw = one(c, 'Gateway', 'edge');
    expect(gw.metadata.annotations).toEqual({ 'mesh.cdk8s.io/ingress-exception.plaintext-listener': 'legacy clients type http:// URLs (SEC-88)' });
    expect(gw.spec.listeners[1]).toEqual({
      name: 'http-shop.example.com',
      hostname: 'shop.example.com',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Same' } },
    });
    expect(one(c, 'HTTPRoute', 'edge-https-redirect')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'edge-https-redirect', namespace: 'ingress' },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'ingress', sectionName: 'http-shop.example.com' }],
        hostnames: ['shop.example.com'],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
        }],
      },
    });
    // The service routes never attach to the plain-HTTP listener.
    expect(one(c, 'HTTPRoute', 'edge-frontend').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https-shop.example.com']);
  });

  it('has no plain-HTTP listener by default', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(one(c, 'Gateway', 'edge').spec.listeners.map((l: any) => l.protocol)).toEqual(['HTTPS']);
    expect(one(c, 'Gateway', 'edge').metadata.annotations).toBeUndefined();
  });

  it('is a peer with the identity Istio gives class-istio gateways: ServiceAccount <name>-istio', () => {
    const { gateway } = shop();
    expect(gateway.identity.serviceAccountName).toBe('edge-istio');
    expect(gateway.identity.spiffeId('cluster.local')).toBe('spiffe://cluster.local/ns/ingress/sa/edge-istio');
    expect(gateway.toPeerConfig()).toEqual({
      label: 'gateway ingress/edge',
      identities: [{ namespace: 'ingress', serviceAccount: 'edge-istio', trustDomain: 'cluster.local' }],
      mesh: gateway.mesh,
    });
  });

  it('can be named by other rules as a peer', () => {
    const { c, gateway, frontend, db } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    db.denyFrom(gateway);
    expect(one(c, 'AuthorizationPolicy', 'db-deny').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/ingress/sa/edge-istio'] } }] }]);
  });

  it('takes its name from `name` and renders the mesh\'s trust domain in its identity', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { trustDomain: 'prod.example' });
    notUnderTest(mesh, 'MESH-EU-03', 'MESH-MODEL-05');
    const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] });
    const gateway = new IngressGateway(c, 'Edge', { mesh, name: 'public', namespace: 'edge', hostnames: ['a.example.com'], tls: IngressTls.fromSecret('a-tls') });
    gateway.route(web, { paths: [Match.exact('/')] });
    expect(one(c, 'Gateway', 'public', 'edge').metadata.name).toBe('public');
    expect(one(c, 'AuthorizationPolicy', 'web-allow').spec.rules[0].from).toEqual([{ source: { principals: ['prod.example/ns/edge/sa/public-istio'] } }]);
  });
});

describe('IngressGateway: the namespace\'s default deny', () => {
  it('emits the Namespace and its allow-nothing, but no Sidecar, when no mesh service lives there', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    // No mesh workload runs there yet, so the Namespace carries no injection label.
    expect(one(c, 'Namespace', 'ingress').metadata).toEqual({ name: 'ingress' });
    expect(one(c, 'AuthorizationPolicy', 'allow-nothing', 'ingress').spec).toEqual({ action: 'ALLOW' });
    // Gateways are not sidecars: the Sidecar resource would not apply to them.
    expect(objects(c, 'Sidecar').filter((s) => s.metadata.namespace === 'ingress')).toEqual([]);
  });

  it('reuses the mesh\'s objects when a service of the mesh already lives in the namespace', () => {
    const { c, mesh, gateway: edge, frontend } = shop();
    edge.route(frontend, { paths: [Match.prefix('/')] });
    const gateway = new IngressGateway(c, 'shop-edge', { mesh, hostnames: ['a.example.com'], tls: IngressTls.fromSecret('a-tls') });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(gateway.namespace).toBe('shop');
    expect(objects(c, 'Namespace', 'shop')).toHaveLength(1);
    expect(objects(c, 'AuthorizationPolicy', 'allow-nothing').filter((p) => p.metadata.namespace === 'shop')).toHaveLength(1);
  });

  it('emits the namespace objects once for two gateways of the mesh in one namespace', () => {
    const { c, mesh, gateway, frontend } = shop();
    const other = new IngressGateway(c, 'admin-edge', { mesh, namespace: 'ingress', hostnames: ['admin.example.com'], tls: IngressTls.fromSecret('admin-tls') });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    other.route(frontend, { paths: [Match.prefix('/admin')] });
    expect(objects(c, 'Namespace', 'ingress')).toHaveLength(1);
    expect(objects(c, 'AuthorizationPolicy', 'allow-nothing').filter((p) => p.metadata.namespace === 'ingress')).toHaveLength(1);
  });

  it('rejects a namespace another mesh manages', () => {
    const app = Testing.app();
    const c1 = new Chart(app, 'one');
    const c2 = new Chart(app, 'two');
    const first = new Mesh(c1, 'mesh', { rootNamespace: 'istio-a' });
    notUnderTest(first, 'MESH-EU-03');
    first.addService('web', { image: 'w:1', namespace: 'edge', ports: [{ port: 80 }] });
    const second = new Mesh(c2, 'mesh', { rootNamespace: 'istio-b' });
    notUnderTest(second, 'MESH-EU-03');
    expect(() => new IngressGateway(c2, 'edge', { mesh: second, namespace: 'edge', hostnames: ['a.example.com'], tls: IngressTls.fromSecret('a-tls') }))
      .toThrow(/two\/edge: namespace managed by another mesh "edge": expected a namespace no other Mesh of the app manages \(one\/mesh emits its Namespace and default deny\); fix: add the gateway to that mesh, or use another namespace/);
  });

  it('shares the namespace objects with a service of the mesh added after the gateway', () => {
    const { c, mesh, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    mesh.addService('late', { image: 'l:1', namespace: 'ingress', ports: [{ port: 80 }] });
    expect(objects(c, 'Namespace', 'ingress')).toHaveLength(1);
    expect(one(c, 'Namespace', 'ingress').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(objects(c, 'AuthorizationPolicy', 'allow-nothing').filter((p) => p.metadata.namespace === 'ingress')).toHaveLength(1);
  });

  it('rejects a gateway in the root namespace', () => {
    const { c, mesh } = shop();
    expect(() => new IngressGateway(c, 'bad', { mesh, namespace: 'istio-system', hostnames: ['b.example.com'], tls: IngressTls.fromSecret('b-tls') })).toThrow(/test\/bad: gateway in a system or the root namespace "istio-system"/);
  });
});

describe('IngressGateway: deferred checks', () => {
  it('fails synth for a gateway without routes', () => {
    const { c } = shop();
    expect(() => Testing.synth(c)).toThrow(/ingress gateway ingress\/edge has no routes: it would expose a load balancer that admits nothing; fix: call gateway.route/);
  });

  it('fails synth for a hostname without a route (SM-DR7)', () => {
    const { c, gateway, frontend } = shop({ hostnames: ['shop.example.com', 'www.shop.example.com'] });
    gateway.route(frontend, { paths: [Match.prefix('/')], hostnames: ['shop.example.com'] });
    expect(() => Testing.synth(c)).toThrow(/hostname www.shop.example.com of ingress gateway ingress\/edge has no route/);
  });

  it('fails synth when a mesh service clashes with the objects Istio creates for the gateway', () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-EU-03', 'MESH-MODEL-05');
    const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] });
    mesh.addService('edge-istio', { image: 'x:1', ports: [{ port: 80 }] });
    const gateway = new IngressGateway(c, 'edge', { mesh, hostnames: ['a.example.com'], tls: IngressTls.fromSecret('a-tls') });
    gateway.route(web, { paths: [Match.prefix('/')] });
    expect(() => Testing.synth(c)).toThrow(/mesh service shop\/edge-istio clashes with ingress gateway edge/);
  });

  it('keeps a workload identity peer usable next to the gateway', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    frontend.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'probe', 'probe', { namespace: 'ops' }), { paths: [Match.exact('/healthz')] });
    frontend.allowFrom(Peer.namespace('ops'), { paths: [Match.exact('/metrics')] });
    expect(() => Testing.synth(c)).not.toThrow();
  });
});
