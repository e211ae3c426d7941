// SPDX-License-Identifier: Apache-2.0
import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpMethod, Match, Mesh, PortProtocol, WorkloadIdentity, type AccessOptions } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

function mesh3() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh');
  const frontend = mesh.addService('frontend', { image: 'f:1', ports: [{ port: 80, targetPort: 8080 }] });
  const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 80, targetPort: 8080 }, { port: 9000, protocol: PortProtocol.TCP }] });
  const admin = mesh.addService('admin', { image: 'a:1', ports: [{ port: 80 }] });
  const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
  return { c, mesh, frontend, cart, admin, db };
}

describe('allowFrom', () => {
  it('renders an ALLOW policy selecting the destination, with the peer principal and operation', () => {
    const { c, frontend, cart } = mesh3();
    cart.allowFrom(frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'cart-allow', namespace: 'shop' },
      spec: {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'cart' } },
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }],
          // cart also has a TCP port: the HTTP rule is pinned to the HTTP container port.
          to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/cart/*'] } }],
        }],
      },
    });
  });

  it('emits no ALLOW policy for a service nobody may call', () => {
    const { c } = mesh3();
    expect(objects(c, 'AuthorizationPolicy').map((p) => p.metadata.name)).toEqual(['allow-nothing']);
  });

  it('renders ports as the container ports Istio matches', () => {
    const { c, frontend, cart } = mesh3();
    cart.allowFrom(frontend, { ports: [80, 9000] });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules[0].to).toEqual([{ operation: { ports: ['8080', '9000'] } }]);
  });

  it('renders an L4 rule with no operation when no condition is given', () => {
    const { c, cart, db } = mesh3();
    db.allowFrom(cart);
    expect(one(c, 'AuthorizationPolicy', 'db-allow').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }] }]);
  });

  it('merges calls with the same operation into one rule and keeps distinct operations apart', () => {
    const { c, frontend, admin, cart } = mesh3();
    cart.allowFrom(frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
    cart.allowFrom(admin, { paths: [Match.prefix('/cart/')], methods: [HttpMethod.GET] });
    cart.allowFrom(admin, { methods: [HttpMethod.DELETE], paths: [Match.prefix('/cart/')] });
    cart.allowFrom(frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/admin'] } }], to: [{ operation: { ports: ['8080'], methods: ['DELETE'], paths: ['/cart/*'] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/admin', 'cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/cart/*'] } }] },
    ]);
  });

  it('admits an imported workload identity, with its own trust domain', () => {
    const { c, cart } = mesh3();
    cart.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'batch', 'nightly-report', { namespace: 'jobs' }));
    cart.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'partner', 'gateway', { namespace: 'edge', trustDomain: 'partner.example' }));
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules[0].from[0].source.principals).toEqual([
      'cluster.local/ns/jobs/sa/nightly-report',
      'partner.example/ns/edge/sa/gateway',
    ]);
  });

  it('produces the same policy whatever the order of the calls', () => {
    const calls: [string, AccessOptions][] = [
      ['frontend', { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] }],
      ['admin', { methods: [HttpMethod.GET, HttpMethod.DELETE], paths: [Match.prefix('/cart/'), Match.exact('/admin')] }],
      ['frontend', { ports: [9000] }],
      ['admin', { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] }],
      ['db', { ports: [80], methods: [HttpMethod.POST] }],
    ];
    const render = (order: number[]) => {
      const m = mesh3();
      const peers: Record<string, any> = { frontend: m.frontend, admin: m.admin, db: m.db };
      for (const i of order) m.cart.allowFrom(peers[calls[i][0]], calls[i][1]);
      return JSON.stringify(one(m.c, 'AuthorizationPolicy', 'cart-allow'));
    };
    const reference = render([0, 1, 2, 3, 4]);
    fc.assert(fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }), (order) => render(order) === reference), { numRuns: 60 });
  });
});

describe('allowFrom bad input', () => {
  it.each<[string, AccessOptions, RegExp]>([
    ['methods on a TCP-only service', { methods: [HttpMethod.GET] }, /test\/mesh\/db: allowFrom\(shop\/cart\): HTTP attributes cannot be enforced on tcp port 5432: expected methods, paths, hosts, end users and header conditions only on http, http2 or grpc ports/],
    ['paths on an explicit TCP port', { paths: [Match.exact('/x')], ports: [5432] }, /HTTP attributes cannot be enforced on tcp port 5432/],
    ['a port the service does not expose', { ports: [80] }, /allowFrom\(shop\/cart\): port not exposed by the service 80: expected one of the service ports 5432/],
    ['an empty ports list', { ports: [] }, /empty ports list \[\]: expected a non-empty list, or no `ports` to place no condition/],
  ])('rejects %s', (_t, options, message) => {
    const { cart, db } = mesh3();
    expect(() => db.allowFrom(cart, options)).toThrow(message);
  });

  it.each<[string, AccessOptions, RegExp]>([
    ['a relative path', { paths: [Match.exact('cart')] }, /allowFrom\(shop\/frontend\): paths: relative path "cart": expected a path starting with "\/".*fix: write Match.exact\("\/cart"\)/],
    ['a relative excluded prefix', { excludePaths: [Match.prefix('admin')] }, /excludePaths: relative path "admin"/],
    ['a path template as a host', { hosts: [Match.pathTemplate('/a/{*}')] }, /path template used as a host/],
    ['an empty when list', { when: [] }, /empty when list/],
    ['a query in a path', { paths: [Match.exact('/cart?id=1')] }, /paths: query or fragment in a path "\/cart\?id=1"/],
    ['a misspelt option', { path: [Match.exact('/x')] } as AccessOptions, /unknown allowFrom\(shop\/frontend\) option "path": expected one of methods, paths/],
    ['methods on a TCP port of a mixed service', { methods: [HttpMethod.GET], ports: [80, 9000] }, /HTTP attributes cannot be enforced on tcp port 9000/],
  ])('rejects %s', (_t, options, message) => {
    const { cart, frontend } = mesh3();
    expect(() => cart.allowFrom(frontend, options)).toThrow(message);
  });

  it('rejects a non-POST method on a gRPC-only service', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    const g = mesh.addService('g', { image: 'g:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }] });
    expect(() => g.allowFrom(a, { methods: [HttpMethod.GET] })).toThrow(/method never used by gRPC "GET": expected POST/);
    expect(() => g.allowFrom(a, { methods: [HttpMethod.POST], paths: [Match.exact('/shop.Cart/Get')] })).not.toThrow();
  });

  it('rejects a peer from another mesh, even one at the same construct path', () => {
    const a = new Mesh(new Chart(Testing.app(), 'shop'), 'mesh', { trustDomain: 'a.example' }).addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    const b = new Mesh(new Chart(Testing.app(), 'shop'), 'mesh', { trustDomain: 'b.example' }).addService('b', { image: 'b:1', ports: [{ port: 80 }] });
    expect(() => b.allowFrom(a)).toThrow(/shop\/mesh\/b: allowFrom: rule names a service outside the mesh "default\/a": expected a service of the mesh shop\/mesh \(the peer belongs to the mesh shop\/mesh\)/);
  });

  it('renders another mesh\'s identity with that mesh\'s trust domain', () => {
    const a = new Mesh(new Chart(Testing.app(), 'one'), 'mesh', { trustDomain: 'a.example' }).addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    const c = chart();
    const b = new Mesh(c, 'mesh', { trustDomain: 'b.example' }).addService('b', { image: 'b:1', ports: [{ port: 80 }] });
    b.allowFrom(a.identity);
    expect(one(c, 'AuthorizationPolicy', 'b-allow').spec.rules[0].from[0].source.principals).toEqual(['a.example/ns/default/sa/a']);
  });

  it('validates the identities of a custom peer', () => {
    const { cart } = mesh3();
    expect(() => cart.allowFrom({ toPeerConfig: () => ({ label: 'wild', identities: [{ namespace: 'shop', serviceAccount: '*' }] }) }))
      .toThrow(/allowFrom: peer service account "\*": expected a DNS-1123 subdomain/);
  });

  it('lists a principal once even when named with and without the trust domain', () => {
    const { c, cart } = mesh3();
    cart.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'x1', 'jobs', { namespace: 'batch' }));
    cart.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'x2', 'jobs', { namespace: 'batch', trustDomain: 'cluster.local' }));
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/batch/sa/jobs']);
  });
});

describe('determinism', () => {
  it('synthesizes byte-identical YAML for the same input', () => {
    const build = () => {
      const app = new App({ outdir: '/tmp/unused' });
      const c = new Chart(app, 'shop', { namespace: 'shop' });
      const m = new Mesh(c, 'mesh');
      const a = m.addService('a', { image: 'a:1', ports: [{ port: 80 }] });
      const b = m.addService('b', { image: 'b:1', ports: [{ port: 80 }] });
      b.allowFrom(a, { methods: [HttpMethod.GET, HttpMethod.POST], paths: [Match.exact('/x'), Match.prefix('/a/')] });
      return app.synthYaml();
    };
    const first = build();
    expect(first).toContain('kind: AuthorizationPolicy');
    expect(build()).toBe(first);
  });
});
