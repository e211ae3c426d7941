// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { EgressTls, EndUser, ExternalProtocol, ExternalService, HttpMethod, JwtIssuer, Match, Mesh, Peer, PortProtocol, ProxyModel, WaypointScope, RiskProfile } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

function shop(waypoint: boolean) {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
  const frontend = mesh.addService('frontend', { image: 'f:1', ports: [{ port: 80, targetPort: 8080 }] });
  const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 8080 }], proxyModel: ProxyModel.ambient({ waypoint }) });
  return { c, mesh, frontend, cart };
}

describe('ambient, ztunnel only', () => {
  it('enrols the pods (and never injects a sidecar) and enforces L4 rules with selector at ztunnel', () => {
    const { c, frontend, cart } = shop(false);
    cart.allowFrom(frontend, { ports: [8080] });
    cart.denyFrom(Peer.ipBlock('10.9.0.0/16'));
    const pod = one(c, 'Deployment', 'cart').spec.template.metadata.labels;
    expect(pod).toMatchObject({ 'istio.io/dataplane-mode': 'ambient', 'sidecar.istio.io/inject': 'false' });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec).toEqual({
      selector: { matchLabels: { app: 'cart' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    expect(one(c, 'AuthorizationPolicy', 'cart-deny').spec.rules).toEqual([{ from: [{ source: { ipBlocks: ['10.9.0.0/16'] } }] }]);
    expect(objects(c, 'Gateway')).toEqual([]);
  });

  it('leaves a mixed namespace unlabelled and labels a uniform ambient namespace', () => {
    const { c } = shop(false);
    expect(one(c, 'Namespace', 'shop').metadata.labels).toBeUndefined();
    const c2 = chart();
    new Mesh(c2, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM, defaultProxyModel: ProxyModel.ambient() }).addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    expect(one(c2, 'Namespace', 'default').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
  });

  it('emits no resilience objects, which ztunnel would not apply', () => {
    const { c } = shop(false);
    expect(objects(c, 'DestinationRule', 'cart')).toEqual([]);
    expect(objects(c, 'VirtualService', 'cart')).toEqual([]);
  });

  it.each<[string, (s: ReturnType<typeof shop>) => void, RegExp]>([
    ['methods', (s) => s.cart.allowFrom(s.frontend, { methods: [HttpMethod.GET] }), /test\/mesh\/cart: allowFrom: ALLOW by method, path, host, header is not enforced by the ambient \(ztunnel only\) proxy model "ambient": expected a proxy model that enforces it \(ztunnel enforces L4 only.*fix: add a waypoint: proxyModel: ProxyModel\.ambient\(\{ waypoint: true \}\)/],
    ['an L7 deny', (s) => s.cart.denyFrom(Peer.anyone(), { paths: [Match.prefix('/admin/')] }), /denyFrom: DENY by method, path, host, header is not enforced by the ambient \(ztunnel only\)/],
    ['AUDIT', (s) => s.cart.auditFrom(s.frontend), /auditFrom: AUDIT \(`auditFrom`\) is not enforced/],
    ['dry-run', (s) => s.cart.allowFrom(s.frontend, { dryRun: true }), /allowFrom: dry-run is not enforced/],
    ['an end user', (s) => s.cart.allowFrom(s.frontend, { endUser: EndUser.issuer(new JwtIssuer(s.c, 'idp', { issuer: 'https://idp.example' })) }), /end users \(JWT issuer, subject, audiences, claims\) is not enforced/],
    ['a required token', (s) => s.cart.requireEndUser(), /requireEndUser: token required \(`requireEndUser`\) is not enforced/],
  ])('rejects %s, saying to add a waypoint', (_t, act, message) => {
    const s = shop(false);
    expect(() => act(s)).toThrow(message);
  });

  it('rejects explicit resilience settings and egress', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    expect(() => mesh.addService('x', { image: 'x:1', ports: [{ port: 80 }], proxyModel: ProxyModel.ambient(), resilience: { timeout: Duration.seconds(5) } }))
      .toThrow(/resilience: timeouts, retries, circuit breaking is not enforced by the ambient \(ztunnel only\) proxy model/);
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }], proxyModel: ProxyModel.ambient({ waypoint: true }) });
    const ext = new ExternalService(c, 'ext', { mesh, hosts: ['api.example.com'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], tls: EgressTls.byWorkload() });
    expect(() => a.allowEgressTo(ext)).toThrow(/allowEgressTo: egress to external services is not enforced by the ambient with waypoint proxy model.*not governed by the Sidecar resource/);
  });
});

describe('ambient with a waypoint', () => {
  it('emits the waypoint and binds the Service to it, also for ingress', () => {
    const { c } = shop(true);
    expect(one(c, 'Gateway', 'cart-waypoint')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cart-waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    });
    expect(one(c, 'Service', 'cart').metadata.labels).toEqual({ 'istio.io/use-waypoint': 'cart-waypoint', 'istio.io/ingress-use-waypoint': 'true' });
  });

  it('attaches L7 policies to the Service and lets ztunnel admit only the waypoint', () => {
    const { c, frontend, cart } = shop(true);
    const idp = new JwtIssuer(c, 'idp', { issuer: 'https://idp.example' });
    cart.allowFrom(frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')], endUser: EndUser.issuer(idp) });
    cart.denyFrom(Peer.anyone(), { paths: [Match.prefix('/internal/')] });
    const allow = one(c, 'AuthorizationPolicy', 'cart-allow').spec;
    expect(allow.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'cart' }]);
    expect(allow.selector).toBeUndefined();
    expect(allow.rules[0].from).toEqual([{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }]);
    expect(one(c, 'AuthorizationPolicy', 'cart-deny').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'cart' }]);
    expect(one(c, 'RequestAuthentication', 'cart-jwt').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'cart' }]);
    expect(one(c, 'AuthorizationPolicy', 'cart-ztunnel').spec).toEqual({
      selector: { matchLabels: { app: 'cart' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart-waypoint'] } }] }],
    });
  });

  it('does not admit the waypoint at ztunnel while nothing is allowed, so default deny holds', () => {
    const { c, cart } = shop(true);
    cart.denyFrom(Peer.anyone(), { paths: [Match.prefix('/x/')] });
    expect(objects(c, 'AuthorizationPolicy', 'cart-ztunnel')).toEqual([]);
  });

  it('keeps resilience objects (the waypoint applies them)', () => {
    const { c } = shop(true);
    expect(one(c, 'DestinationRule', 'cart').spec.host).toBe('cart.shop.svc.cluster.local');
  });

  it('lets an ambient client call a sidecar server with its own identity', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    const client = mesh.addService('client', { image: 'c:1', ports: [{ port: 80 }], proxyModel: ProxyModel.ambient() });
    const server = mesh.addService('server', { image: 's:1', ports: [{ port: 80 }] });
    server.allowFrom(client, { methods: [HttpMethod.GET] });
    expect(one(c, 'AuthorizationPolicy', 'server-allow').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/default/sa/client']);
  });

  it('accepts gRPC and TCP ports through the waypoint', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }], proxyModel: ProxyModel.ambient({ waypoint: true }) });
    db.allowFrom(a, { ports: [5432] });
    expect(one(c, 'AuthorizationPolicy', 'db-allow').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'db' }]);
  });
});

describe('ambient with the namespace waypoint', () => {
  function nsWaypoint() {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    const shared = ProxyModel.ambient({ waypoint: true, waypointScope: WaypointScope.NAMESPACE });
    const frontend = mesh.addService('frontend', { image: 'f:1', ports: [{ port: 80 }] });
    const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 8080 }], proxyModel: shared });
    const orders = mesh.addService('orders', { image: 'o:1', ports: [{ port: 8080 }], proxyModel: shared });
    return { c, mesh, frontend, cart, orders };
  }

  it('emits one shared waypoint and binds every service that asks for it', () => {
    const { c } = nsWaypoint();
    expect(objects(c, 'Gateway').map((g) => g.metadata.name)).toEqual(['waypoint']);
    expect(one(c, 'Gateway', 'waypoint').spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
    for (const svc of ['cart', 'orders']) expect(one(c, 'Service', svc).metadata.labels).toEqual({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' });
  });

  it('lets ztunnel admit only the shared waypoint identity', () => {
    const { c, frontend, cart } = nsWaypoint();
    cart.allowFrom(frontend, { methods: [HttpMethod.GET] });
    expect(one(c, 'AuthorizationPolicy', 'cart-ztunnel').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }]);
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'cart' }]);
  });

  it('refuses a scope without a waypoint and a service named like the waypoint', () => {
    expect(() => ProxyModel.ambient({ waypointScope: WaypointScope.NAMESPACE })).toThrow(/ProxyModel\.ambient: waypointScope without a waypoint/);
    const { mesh } = nsWaypoint();
    expect(() => mesh.addService('waypoint', { image: 'w:1', ports: [{ port: 80 }] })).toThrow(/service named "waypoint" next to the namespace waypoint/);
  });
});
