// SPDX-License-Identifier: Apache-2.0
import { Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Condition, EgressTls, EndUser, ExternalAuthorizer, ExternalProtocol, ExternalService, HttpMethod, JwtIssuer, Match, Mesh, Peer, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { featureSupportMarkdown } from '../../lib/compile/feature-table';
import { chart, objects, one } from '../helpers';

const GRPC = [{ port: 9090, protocol: PortProtocol.GRPC }];

/** A sidecar web front end and a proxyless gRPC cart in one namespace. */
function shop() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80, targetPort: 8080 }] });
  const cart = mesh.addService('cart', { image: 'c:1', ports: GRPC, proxyModel: ProxyModel.proxyless() });
  return { c, mesh, web, cart };
}

describe('proxyless gRPC: enrolment', () => {
  it('injects the grpc-agent template and holds the application until the agent is ready', () => {
    const { c } = shop();
    const pod = one(c, 'Deployment', 'cart').spec.template.metadata;
    expect(pod.annotations).toEqual({
      'inject.istio.io/templates': 'grpc-agent',
      'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}',
    });
    expect(pod.labels).toMatchObject({ 'sidecar.istio.io/inject': 'true', 'security.istio.io/tlsMode': 'istio' });
    expect(one(c, 'Service', 'cart').metadata.labels).toBeUndefined();
  });

  it('labels a namespace of proxyless services for injection and leaves a mixed one to the pods', () => {
    const { c } = shop();
    expect(one(c, 'Namespace', 'shop').metadata.labels).toBeUndefined();
    const c2 = chart({ namespace: 'grpc' });
    new Mesh(c2, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM, defaultProxyModel: ProxyModel.proxyless() }).addService('a', { image: 'a:1', ports: GRPC });
    expect(one(c2, 'Namespace', 'grpc').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  it.each([
    ['an http port (the default protocol)', [{ port: 8080 }], /test\/mesh\/x: http port on the proxyless gRPC model 8080: expected gRPC ports only \(the gRPC library is the only data plane.*fix: set protocol: PortProtocol\.GRPC on every port, or run the service on ProxyModel\.sidecar\(\)/],
    ['a tcp port next to a gRPC one', [...GRPC, { port: 5432, protocol: PortProtocol.TCP }], /test\/mesh\/x: tcp port on the proxyless gRPC model 5432: expected gRPC ports only/],
  ])('rejects %s', (_t, ports, message) => {
    const mesh = new Mesh(chart(), 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    expect(() => mesh.addService('x', { image: 'x:1', ports, proxyModel: ProxyModel.proxyless() })).toThrow(message);
  });

  it('appears as a column of the feature table', () => {
    const [header, ...rows] = featureSupportMarkdown().split('\n');
    expect(header).toContain('| proxyless gRPC |');
    expect(rows.find((r) => r.startsWith('| dry-run |'))).toMatch(/\| error \[\d+\] \|$/);
    expect(rows.find((r) => r.startsWith('| source IP condition'))).toMatch(/\| enforced \|$/);
  });
});

describe('proxyless gRPC: policies', () => {
  it('renders ALLOW and DENY with selector, POST and /package.Service/Method paths', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web, {
      methods: [HttpMethod.POST],
      paths: [Match.exact('/shop.Cart/AddItem'), Match.prefix('/shop.Cart/Get')],
      excludePaths: [Match.exact('/shop.Cart/GetAudit')],
      when: [Condition.header('x-tenant', Match.prefix('eu-')), Condition.sourceIp('10.0.0.0/8')],
    });
    cart.denyFrom(Peer.namespace('batch'), { paths: [Match.prefix('/shop.Admin/')] });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec).toEqual({
      selector: { matchLabels: { app: 'cart' } },
      action: 'ALLOW',
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }],
        to: [{ operation: { methods: ['POST'], paths: ['/shop.Cart/AddItem', '/shop.Cart/Get*'], notPaths: ['/shop.Cart/GetAudit'] } }],
        when: [{ key: 'request.headers[x-tenant]', values: ['eu-*'] }, { key: 'source.ip', values: ['10.0.0.0/8'] }],
      }],
    });
    expect(one(c, 'AuthorizationPolicy', 'cart-deny').spec).toEqual({
      selector: { matchLabels: { app: 'cart' } },
      action: 'DENY',
      rules: [{ from: [{ source: { namespaces: ['batch'] } }], to: [{ operation: { paths: ['/shop.Admin/*'] } }] }],
    });
    expect(objects(c, 'RequestAuthentication')).toEqual([]);
  });

  it('rejects methods other than POST, which gRPC never uses', () => {
    const { web, cart } = shop();
    expect(() => cart.allowFrom(web, { methods: [HttpMethod.GET] })).toThrow(/allowFrom\(shop\/web\): method never used by gRPC "GET"/);
  });

  it('denies every request while the service allows nothing (gRPC ignores ALLOW policies without rules)', () => {
    const { c, cart } = shop();
    cart.denyFrom(Peer.ipBlock('10.9.0.0/16'));
    expect(one(c, 'AuthorizationPolicy', 'cart-default-deny')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'cart-default-deny', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'cart' } }, action: 'DENY', rules: [{}] },
    });
    expect(objects(c, 'AuthorizationPolicy', 'cart-allow')).toEqual([]);
  });

  it('turns the default deny into a no-op allow-nothing once a rule allows something, also when added after creation', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web, { ports: [9090] });
    expect(one(c, 'AuthorizationPolicy', 'cart-default-deny').spec).toEqual({ selector: { matchLabels: { app: 'cart' } }, action: 'ALLOW' });
    expect(objects(c, 'AuthorizationPolicy').filter((p) => p.spec?.action === 'DENY')).toEqual([]);
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }], to: [{ operation: { ports: ['9090'] } }] }]);
  });

  it('makes gRPC clients use Istio mTLS towards the service (gRPC has no automatic mTLS)', () => {
    const { c, cart } = shop();
    cart.allowFrom(Peer.namespace('batch'));
    expect(one(c, 'DestinationRule', 'cart')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { host: 'cart.shop.svc.cluster.local', exportTo: ['batch', 'shop'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
    expect(objects(c, 'VirtualService', 'cart')).toEqual([]);
  });

  it('is deterministic', () => {
    const build = () => {
      const { c, web, cart } = shop();
      cart.denyFrom(Peer.namespace('batch'));
      cart.allowFrom(Peer.namespace('ops'), { paths: [Match.prefix('/shop.Cart/')] });
      cart.allowFrom(web, { paths: [Match.prefix('/shop.Cart/')] });
      return JSON.stringify(Testing.synth(c));
    };
    expect(build()).toBe(build());
  });
});

describe('proxyless gRPC: what gRPC does not enforce is an error', () => {
  const issuer = (s: ReturnType<typeof shop>) => new JwtIssuer(s.c, 'idp', { issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks.json' });
  it.each<[string, (s: ReturnType<typeof shop>) => void, RegExp]>([
    ['an end-user rule', (s) => s.cart.allowFrom(s.web, { endUser: EndUser.issuer(issuer(s)) }), /test\/mesh\/cart: allowFrom: end users \(JWT issuer, subject, audiences, claims\) is not enforced by the proxyless gRPC proxy model "proxyless": expected a proxy model that enforces it \(the gRPC xDS library validates no JWTs.*never matches the request\.auth metadata.*fix: run the service on ProxyModel\.sidecar\(\), or validate tokens in the application/],
    ['accepting tokens', (s) => s.cart.acceptTokensFrom(issuer(s)), /acceptTokensFrom: end users \(JWT issuer, subject, audiences, claims\) is not enforced by the proxyless gRPC proxy model/],
    ['a required token', (s) => s.cart.requireEndUser(), /requireEndUser: token required \(`requireEndUser`\) is not enforced by the proxyless gRPC proxy model.*a DENY of requests without a token matches every request/],
    ['CUSTOM (an external authorizer)', (s) => {
      const opa = s.mesh.addService('opa', { image: 'opa:1', ports: GRPC });
      s.cart.authorizeWith(new ExternalAuthorizer(s.c, 'opa-authz', { mesh: s.mesh, service: opa, port: 9090 }));
    }, /authorizeWith: CUSTOM \(`authorizeWith`, ext_authz\) is not enforced by the proxyless gRPC proxy model.*drops CUSTOM policies \(grpcgen\/lds\.go\), so the external authorizer would never be called \(fail open\).*fix: run the service on ProxyModel\.sidecar\(\)/],
    ['AUDIT', (s) => s.cart.auditFrom(s.web), /auditFrom: AUDIT \(`auditFrom`\) is not enforced by the proxyless gRPC proxy model.*drops AUDIT policies/],
    ['dry-run', (s) => s.cart.denyFrom(s.web, { dryRun: true }), /denyFrom: dry-run is not enforced by the proxyless gRPC proxy model.*ignores the istio\.io\/dry-run annotation.*a dry-run rule would be enforced\); fix: remove dryRun/],
    ['a path template (no uri_template matcher in gRPC)', (s) => s.cart.allowFrom(s.web, { paths: [Match.pathTemplate('/shop.Cart/{*}')] }), /test\/mesh\/cart: allowFrom: path template on the proxyless gRPC model "\/shop\.Cart\/\{\*\}": expected exact, prefix or suffix paths.*fix: list the methods/],
    ['a condition on a grpc- header', (s) => s.cart.denyFrom(Peer.anyone(), { when: [Condition.header('grpc-timeout', Match.presence())] }), /denyFrom: condition on a reserved gRPC header "grpc-timeout": expected a header not starting with "grpc-" \(gRFC A41/],
    ['a condition on a binary header', (s) => s.cart.allowFrom(s.web, { when: [Condition.header('x-trace-bin', Match.presence())] }), /allowFrom: condition on a binary gRPC header "x-trace-bin"/],
  ])('rejects %s', (_t, act, message) => {
    const s = shop();
    expect(() => act(s)).toThrow(message);
  });

  it('never emits a token requirement (notRequestPrincipals matches every gRPC request)', () => {
    const s = shop();
    expect(() => s.cart.requireEndUser()).toThrow();
    expect(objects(s.c, 'AuthorizationPolicy', 'cart-require-jwt')).toEqual([]);
  });

  it('rejects explicit resilience settings and emits none by default', () => {
    const { c, mesh } = shop();
    expect(() => mesh.addService('x', { image: 'x:1', ports: GRPC, proxyModel: ProxyModel.proxyless(), resilience: { timeout: Duration.seconds(5) } }))
      .toThrow(/test\/mesh\/x: resilience: timeouts, retries, circuit breaking is not enforced by the proxyless gRPC proxy model.*outlier detection.*fix: leave resilience unset/);
    expect(one(c, 'DestinationRule', 'cart').spec.trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
  });

  it('rejects egress to external services (nothing intercepts a proxyless pod\'s traffic)', () => {
    const { c, mesh, cart } = shop();
    const ext = new ExternalService(c, 'ext', { mesh, hosts: ['api.example.com'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], tls: EgressTls.byWorkload() });
    expect(() => cart.allowEgressTo(ext)).toThrow(/allowEgressTo: egress to external services is not enforced by the proxyless gRPC proxy model.*no iptables init container.*fix: run services that call external services on ProxyModel\.sidecar\(\)/);
  });
});

describe('proxyless gRPC: callers on other models', () => {
  it('admits a sidecar client by its principal and exports the mTLS rule to its namespace', () => {
    const c = chart({ namespace: 'grpc' });
    const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    const server = mesh.addService('inventory', { image: 'i:1', ports: GRPC, proxyModel: ProxyModel.proxyless() });
    const client = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }], namespace: 'front' });
    server.allowFrom(client, { methods: [HttpMethod.POST], paths: [Match.prefix('/inv.Inventory/')] });
    expect(one(c, 'AuthorizationPolicy', 'inventory-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/front/sa/web'] } }],
      to: [{ operation: { methods: ['POST'], paths: ['/inv.Inventory/*'] } }],
    }]);
    expect(one(c, 'DestinationRule', 'inventory').spec.exportTo).toEqual(['front', 'grpc']);
    expect(one(c, 'AuthorizationPolicy', 'inventory-default-deny').spec.action).toBe('ALLOW');
  });

  it('lets a sidecar server admit a proxyless client, which presents its mesh identity', () => {
    const { c, mesh, cart } = shop();
    const orders = mesh.addService('orders', { image: 'o:1', ports: [{ port: 8080 }] });
    orders.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/orders')] });
    expect(one(c, 'AuthorizationPolicy', 'orders-allow').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }], to: [{ operation: { methods: ['POST'], paths: ['/orders'] } }] }],
    });
  });

  it('lets one proxyless service call another', () => {
    const { c, mesh, cart } = shop();
    const pricing = mesh.addService('pricing', { image: 'p:1', ports: GRPC, proxyModel: ProxyModel.proxyless() });
    pricing.allowFrom(cart, { paths: [Match.exact('/shop.Pricing/Quote')] });
    expect(one(c, 'AuthorizationPolicy', 'pricing-allow').spec.rules[0].from).toEqual([{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }]);
    expect(one(c, 'DestinationRule', 'pricing').spec.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
  });
});
