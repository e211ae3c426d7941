// SPDX-License-Identifier: Apache-2.0
/**
 * The access matrix of SDK output shows exactly the declared `allowFrom`, with their methods,
 * paths and end-user conditions, on sidecars and on ambient (waypoint for HTTP, ztunnel for
 * TCP); and the diff between two versions of a mesh says what changed in a reviewer's words.
 */
import { describe, expect, it } from 'vitest';
import { EndUser, HttpMethod, JwtIssuer, Match, ProxyModel } from 'cdk8s-mesh';
import { accessDiff } from '../../../lib/analyze/authz/diff';
import { cellLines, matrixOf } from './matrix-helpers';
import { type Shop, shopChart } from './sdk-mesh';

const FRONTEND = 'cluster.local/ns/shop/sa/frontend';
const CART = 'cluster.local/ns/shop/sa/cart';

/** The shop's declared access: frontend → cart GET /cart/*, cart → payments POST /charge, cart → db TCP. */
function declared(shop: Shop): void {
  shop.cart.allowFrom(shop.frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
  shop.payments.allowFrom(shop.cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
  shop.db.allowFrom(shop.cart, { ports: [5432] });
}

const DECLARED = [
  `${CART} -> db.shop:5432 always: any request`,
  `${CART} -> payments.shop:8443 conditional: POST /charge`,
  `${FRONTEND} -> cart.shop:8080 conditional: GET /cart/*`,
];

describe('access matrix of SDK output', () => {
  it('sidecar: exactly the declared allowFrom', () => {
    const matrix = matrixOf(shopChart(declared));
    expect(cellLines(matrix)).toEqual(DECLARED);
    expect(matrix.sources.find((s) => s.principal === CART)?.workloads).toEqual(['shop/cart']);
    expect(matrix.destinations.map((d) => `${d.service}:${d.port}/${d.protocol}`)).toEqual(['cart:8080/http', 'db:5432/tcp', 'frontend:80/http', 'payments:8443/http2']);
    expect(matrix.cells.find((c) => c.destination.service === 'cart')?.rules).toEqual(['ns[shop]-policy[cart-allow]-rule[0]']);
  });

  it('ambient with waypoints for HTTP and ztunnel for TCP: the same access', () => {
    const matrix = matrixOf(shopChart(declared, { http: ProxyModel.ambient({ waypoint: true }), db: ProxyModel.ambient() }));
    expect(cellLines(matrix)).toEqual(DECLARED);
  });

  it('shared node (Cilium L7 rules at the node proxy): the same access', () => {
    const matrix = matrixOf(shopChart(declared, { http: ProxyModel.sharedNode(), db: ProxyModel.sharedNode() }));
    expect(cellLines(matrix)).toEqual(DECLARED);
  });

  it('shows end-user conditions: issuer, audience and claims', () => {
    const matrix = matrixOf(shopChart((shop, chart) => {
      const idp = new JwtIssuer(chart, 'idp', { issuer: 'https://sts.shop.internal', jwksUri: 'https://sts.shop.internal/jwks.json' });
      shop.payments.allowFrom(shop.cart, {
        methods: [HttpMethod.POST],
        paths: [Match.exact('/charge')],
        endUser: EndUser.issuer(idp).audience('shop').claim('scope', 'pay'),
      });
    }));
    expect(cellLines(matrix)).toEqual([`${CART} -> payments.shop:8443 conditional: POST /charge with jwt iss=https://sts.shop.internal aud=shop scope=pay`]);
  });

  it('is deterministic', () => {
    const a = matrixOf(shopChart(declared));
    const b = matrixOf(shopChart(declared));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('access diff between two SDK versions of a mesh', () => {
  const before = matrixOf(shopChart(declared));

  it('an added allowFrom is granted, in words naming the workload and the request', () => {
    const after = matrixOf(shopChart((shop) => {
      declared(shop);
      shop.payments.allowFrom(shop.frontend, { methods: [HttpMethod.POST], paths: [Match.exact('/refund')] });
    }));
    expect(accessDiff(before, after).map((c) => [c.kind, c.summary])).toEqual([
      ['granted', 'payments.shop:8443 newly reachable from shop/frontend: POST /refund'],
    ]);
  });

  it('a removed allowFrom is revoked', () => {
    const after = matrixOf(shopChart((shop) => {
      shop.cart.allowFrom(shop.frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
      shop.payments.allowFrom(shop.cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
    }));
    expect(accessDiff(before, after).map((c) => [c.kind, c.summary])).toEqual([
      ['revoked', 'db.shop:5432 no longer reachable from shop/cart (was: any request)'],
    ]);
  });

  it('an added method is widened', () => {
    const after = matrixOf(shopChart((shop) => {
      shop.cart.allowFrom(shop.frontend, { methods: [HttpMethod.GET, HttpMethod.DELETE], paths: [Match.prefix('/cart/')] });
      shop.payments.allowFrom(shop.cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
      shop.db.allowFrom(shop.cart, { ports: [5432] });
    }));
    const changes = accessDiff(before, after);
    expect(changes.map((c) => [c.kind, c.conditions, c.summary])).toEqual([
      ['widened', ['DELETE /cart/*'], 'cart.shop:8080 reachable from shop/frontend for more requests: DELETE /cart/*'],
    ]);
  });

  it('the same mesh on another proxy model changes no access', () => {
    const ambient = matrixOf(shopChart(declared, { http: ProxyModel.ambient({ waypoint: true }), db: ProxyModel.ambient() }));
    expect(accessDiff(before, ambient)).toEqual([]);
  });
});
