// SPDX-License-Identifier: Apache-2.0
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  EndUser, HttpMethod, IngressGateway, IngressTls, JwtIssuer, Match, Mesh, WorkloadIdentity,
  type IMeshService, type IngressGatewayProps, type IngressRouteOptions,
} from 'cdk8s-mesh';
import { chart, notUnderTest } from '../helpers';
import { shop } from './fixtures';

describe('IngressGateway bad input', () => {
  const base = () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-EU-03');
    return { c, mesh };
  };
  const make = (props: Partial<IngressGatewayProps>) => {
    const { c, mesh } = base();
    return () => new IngressGateway(c, 'edge', { mesh, hostnames: ['shop.example.com'], tls: IngressTls.fromSecret('shop-tls'), ...props } as IngressGatewayProps);
  };

  it.each<[string, Partial<IngressGatewayProps>, RegExp]>([
    ['an upper-case hostname', { hostnames: ['Shop.example.com'] }, /test\/edge: invalid hostnames entry "Shop.example.com": expected a DNS name .*optionally with a leading "\*\." — not an IP address; fix: write the hostname clients use/],
    ['a wildcard in the middle', { hostnames: ['shop.*.example.com'] }, /invalid hostnames entry "shop.\*.example.com"/],
    ['a bare wildcard', { hostnames: ['*'] }, /invalid hostnames entry "\*"/],
    ['an IP address', { hostnames: ['10.0.0.1'] }, /invalid hostnames entry "10.0.0.1"/],
    ['a hostname with a port', { hostnames: ['shop.example.com:443'] }, /invalid hostnames entry "shop.example.com:443"/],
    ['a label longer than 63 characters', { hostnames: [`${'a'.repeat(64)}.example.com`] }, /invalid hostnames entry/],
    ['no hostnames', { hostnames: [] }, /invalid hostnames \[\]: expected 1 to 16 hostnames/],
    ['17 hostnames', { hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }, /invalid hostnames .*expected 1 to 16 hostnames/],
    ['a duplicate hostname', { hostnames: ['a.example.com', 'a.example.com'] }, /duplicate hostname "a.example.com"/],
    ['a gateway name that is not a DNS-1035 label', { name: 'Edge_1' }, /invalid gateway name "Edge_1": expected a DNS-1035 label/],
    ['a gateway name too long for the Service Istio creates', { name: 'g'.repeat(58) }, /gateway name too long .*at most 57 characters \(Istio names the gateway's Service "<name>-istio"/],
    ['an invalid namespace', { namespace: 'In_gress' }, /invalid namespace "In_gress": expected a DNS-1123 label/],
    ['the root namespace', { namespace: 'istio-system' }, /gateway in a system or the root namespace "istio-system".*policies in the root namespace "istio-system" apply mesh-wide/],
    ['kube-system', { namespace: 'kube-system' }, /gateway in a system or the root namespace "kube-system"/],
    ['no tls', { tls: undefined }, /missing tls: expected the TLS certificate of the HTTPS listeners; fix: set tls: IngressTls.fromSecret/],
    ['a redirect without justification', { httpRedirect: { justification: 'because' } }, /plain-HTTP listener without a justification "because": expected a written justification of at least 10 characters/],
    ['a misspelt option', { hostname: ['a.example.com'] } as Partial<IngressGatewayProps>, /unknown IngressGateway option "hostname": expected one of mesh, hostnames, tls, name, namespace, httpRedirect/],
  ])('rejects %s', (_t, props, message) => {
    expect(make(props)).toThrow(message);
  });

  it('rejects a Secret name that is not DNS-1123', () => {
    expect(() => IngressTls.fromSecret('Shop_TLS')).toThrow(/IngressTls.fromSecret: invalid Secret name "Shop_TLS": expected a DNS-1123 subdomain/);
  });

  it('rejects a mesh that is not a cdk8s-mesh Mesh', () => {
    const c = chart();
    expect(() => new IngressGateway(c, 'edge', { mesh: {} as Mesh, hostnames: ['a.example.com'], tls: IngressTls.fromSecret('t') })).toThrow(/mesh is not a cdk8s-mesh Mesh/);
  });

  it('rejects two gateways with the same name in one namespace', () => {
    const { c, mesh } = base();
    new IngressGateway(c, 'a', { mesh, name: 'edge', hostnames: ['a.example.com'], tls: IngressTls.fromSecret('t') });
    expect(() => new IngressGateway(c, 'b', { mesh, name: 'edge', hostnames: ['b.example.com'], tls: IngressTls.fromSecret('t') }))
      .toThrow(/test\/b: duplicate gateway name "shop\/edge": expected a name not yet used in namespace "shop" \(already used by test\/a\)/);
  });
});

describe('IngressGateway.route bad input', () => {
  it.each<[string, (s: ReturnType<typeof shop>) => void, RegExp]>([
    ['a route to a TCP port', (s) => s.gateway.route(s.cart, { paths: [Match.prefix('/')], port: 9000 }),
      /test\/edge: route\(api\/cart\): route to a tcp port 9000: expected an http, http2 or grpc port \(an HTTPRoute forwards HTTP requests; opaque TCP would need a TCPRoute\)/],
    ['a route to a TCP-only service', (s) => s.gateway.route(s.db, { paths: [Match.prefix('/')] }),
      /route\(shop\/db\): service has no HTTP port \["5432\/tcp"\]/],
    ['a port the service does not expose', (s) => s.gateway.route(s.cart, { paths: [Match.prefix('/')], port: 443 }),
      /route\(api\/cart\): port not exposed by the service 443: expected one of the service ports 8080, 9000/],
    ['no paths', (s) => s.gateway.route(s.frontend, { paths: [] }), /route\(shop\/frontend\): empty paths list \[\]: expected at least one path/],
    ['a suffix path', (s) => s.gateway.route(s.frontend, { paths: [Match.suffix('.js')] }),
      /path match an HTTPRoute cannot express "\*.js": expected Match.exact or Match.prefix \(HTTPRoute Exact or PathPrefix\)/],
    ['a path template', (s) => s.gateway.route(s.frontend, { paths: [Match.pathTemplate('/a/{*}')] }), /path match an HTTPRoute cannot express "\/a\/{\*}"/],
    ['a relative path', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('cart')] }), /invalid route path "cart": expected an absolute path .*fix: write the path as the client sends it after normalization, e.g. Match.prefix\("\/cart"\)/],
    ['a path with //', (s) => s.gateway.route(s.frontend, { paths: [Match.exact('/a//b')] }), /invalid route path "\/a\/\/b"/],
    ['a path with a dot segment', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('/a/../b')] }), /invalid route path "\/a\/..\/b"/],
    ['a path with a query', (s) => s.gateway.route(s.frontend, { paths: [Match.exact('/a?b=1')] }), /invalid route path "\/a\?b=1"/],
    ['a percent-escape', (s) => s.gateway.route(s.frontend, { paths: [Match.exact('/a%2Fb')] }), /invalid route path "\/a%2Fb"/],
    ['a method an HTTPRoute cannot match', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('/')], methods: [HttpMethod.of('PURGE')] }),
      /route\(shop\/frontend\): method an HTTPRoute cannot match "PURGE": expected one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH/],
    ['GET to a gRPC port', (s) => s.gateway.route(s.orders, { paths: [Match.prefix('/shop.Orders/')], methods: [HttpMethod.GET] }),
      /route\(shop\/orders\): method never used by gRPC "GET": expected POST/],
    ['an empty methods list', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('/')], methods: [] }), /empty methods list/],
    ['a hostname the gateway does not serve', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('/')], hostnames: ['other.example.com'] }),
      /route\(shop\/frontend\): hostname the gateway does not serve "other.example.com": expected one of the gateway's hostnames shop.example.com/],
    ['an invalid HTTPRoute name', (s) => s.gateway.route(s.frontend, { paths: [Match.prefix('/')], name: 'Front_End' }),
      /route\(shop\/frontend\): HTTPRoute name "Front_End": expected a DNS-1123 subdomain/],
    ['a misspelt option', (s) => s.gateway.route(s.frontend, { path: [Match.prefix('/')] } as unknown as IngressRouteOptions),
      /unknown route\(shop\/frontend\) option "path": expected one of paths, methods, port, endUser, hostnames, name/],
  ])('rejects %s', (_t, call, message) => {
    expect(() => call(shop())).toThrow(message);
  });

  it('rejects a service with several HTTP ports unless `port` names one', () => {
    const s = shop();
    const multi = s.mesh.addService('multi', { image: 'm:1', ports: [{ port: 80 }, { port: 8081 }] });
    expect(() => s.gateway.route(multi, { paths: [Match.prefix('/')] })).toThrow(/service has several HTTP ports \["80\/http","8081\/http"\]: expected the port to route to, named with `port`; fix: set `port` to one of 80, 8081/);
    expect(() => s.gateway.route(multi, { paths: [Match.prefix('/')], port: 8081 })).not.toThrow();
  });

  it('rejects a route to a service of another mesh', () => {
    const app = Testing.app();
    const other = new Mesh(new Chart(app, 'other'), 'mesh', { rootNamespace: 'istio-other' }).addService('x', { image: 'x:1', namespace: 'other', ports: [{ port: 80 }] });
    const c = new Chart(app, 'shop');
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-EU-03');
    const gateway = new IngressGateway(c, 'edge', { mesh, namespace: 'ingress', hostnames: ['a.example.com'], tls: IngressTls.fromSecret('t') });
    expect(() => gateway.route(other, { paths: [Match.prefix('/')] }))
      .toThrow(/shop\/edge: route\(other\/x\): route to a service of another mesh "other\/mesh\/x": expected a service of the gateway's mesh shop\/mesh \(the service belongs to other\/mesh\)/);
  });

  it('rejects something that is not a mesh service', () => {
    const s = shop();
    const identity = WorkloadIdentity.fromServiceAccountName(s.c, 'sa', 'legacy', { namespace: 'legacy' }) as unknown as IMeshService;
    expect(() => s.gateway.route(identity, { paths: [Match.prefix('/')] })).toThrow(/test\/edge: route: not a mesh service "test\/sa": expected a MeshService \(created with mesh.addService\)/);
  });

  it('rejects a path and method routed twice on one hostname', () => {
    const s = shop();
    s.gateway.route(s.frontend, { paths: [Match.prefix('/cart/')], methods: [HttpMethod.GET] });
    expect(() => s.gateway.route(s.cart, { paths: [Match.prefix('/cart')], methods: [HttpMethod.GET, HttpMethod.POST] }))
      .toThrow(/route\(api\/cart\): path already routed "GET \/cart": expected a path and method not routed yet on the same hostname \(routed to shop\/frontend by route\(shop\/frontend\)\)/);
    // Another method on the same path, or the same path on another hostname, is fine.
    expect(() => s.gateway.route(s.cart, { paths: [Match.prefix('/cart')], methods: [HttpMethod.POST] })).not.toThrow();
  });

  it('rejects routes of one HTTPRoute with different hostnames', () => {
    const s = shop({ hostnames: ['a.example.com', 'b.example.com'] });
    s.gateway.route(s.frontend, { paths: [Match.prefix('/a')], hostnames: ['a.example.com'] });
    expect(() => s.gateway.route(s.frontend, { paths: [Match.prefix('/b')], hostnames: ['b.example.com'] }))
      .toThrow(/route\(shop\/frontend\): hostnames differ from the other routes of its HTTPRoute \["b.example.com"\]: expected the hostnames of HTTPRoute shop\/edge-frontend: a.example.com; fix: give this route its own HTTPRoute with `name`/);
  });

  it('rejects an HTTPRoute name another gateway already uses', () => {
    const s = shop();
    const other = new IngressGateway(s.c, 'edge-2', { mesh: s.mesh, namespace: 'ingress', hostnames: ['x.example.com'], tls: IngressTls.fromSecret('t') });
    s.gateway.route(s.frontend, { paths: [Match.prefix('/')], name: 'web' });
    expect(() => other.route(s.frontend, { paths: [Match.prefix('/')], name: 'web' }))
      .toThrow(/test\/edge-2: HTTPRoute name of route\(shop\/frontend\) already used "shop\/web": expected an HTTPRoute name not yet used in namespace "shop" \(used by test\/edge\)/);
  });

  it('rejects an HTTPRoute beyond the Gateway API limits', () => {
    const s = shop();
    const paths = Array.from({ length: 33 }, (_, i) => Match.exact(`/p${i}`));
    expect(() => s.gateway.route(s.frontend, { paths, methods: [HttpMethod.GET, HttpMethod.POST] }))
      .toThrow(/HTTPRoute too large \{"rules":1,"matches":66,"total":66\}: expected at most 16 routes per HTTPRoute, 64 path × method combinations per route and 128 per HTTPRoute/);
  });

  it('rejects more nested method sets with another end user than the policy can express', () => {
    const s = shop();
    const idp = new JwtIssuer(s.c, 'idp2', { issuer: 'https://idp2.example' });
    s.gateway.route(s.frontend, { paths: [Match.prefix('/')] });
    s.gateway.route(s.cart, { paths: [Match.prefix('/a')], methods: [HttpMethod.GET], endUser: EndUser.issuer(idp), name: 'a' });
    s.gateway.route(s.cart, { paths: [Match.prefix('/b')], methods: [HttpMethod.POST], endUser: EndUser.issuer(idp), name: 'b' });
    s.gateway.route(s.cart, { paths: [Match.prefix('/c')], methods: [HttpMethod.GET, HttpMethod.POST], endUser: EndUser.issuer(idp), name: 'c' });
    expect(() => s.gateway.route(s.cart, { paths: [Match.prefix('/d')], methods: [HttpMethod.PUT], endUser: EndUser.issuer(idp), name: 'd' }))
      .toThrow(/too many method-specific routes with other end-user requirements nested in one route .*at most 3 different method sets among the routes nested in route\(shop\/frontend\)/);
  });

  it('records nothing when a route is rejected', () => {
    const s = shop();
    s.gateway.route(s.frontend, { paths: [Match.prefix('/')] });
    expect(() => s.gateway.route(s.cart, { paths: [Match.prefix('/')], port: 9000 })).toThrow();
    const synth = Testing.synth(s.c) as { kind: string; metadata: { name: string } }[];
    expect(synth.filter((o) => o.kind === 'HTTPRoute').map((o) => o.metadata.name)).toEqual(['edge-frontend']);
    expect(synth.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'cart-allow')).toEqual([]);
  });
});
