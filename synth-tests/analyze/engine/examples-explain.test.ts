// SPDX-License-Identifier: Apache-2.0
/**
 * The engine over every proxy model the examples compile to: the shop's three grants
 * (frontend → cart GET /cart/*, cart → payments POST /charge, cart → db tcp/5432) hold, and
 * nothing else does, on sidecars, ambient (waypoints), Cilium and proxyless gRPC; the mixed
 * example crosses all of them in one mesh.
 */
import { type Chart, Testing } from 'cdk8s';
import { ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { MixedChart } from '../../../examples/mixed/main';
import { GrpcShopChart } from '../../../examples/shop-proxyless/main';
import { ShopChart, type ShopChartProps } from '../../../examples/shop/main';
import { AuthorizationEngine } from '../../../lib/analyze/authz/authorization-engine';
import { Inventory } from '../../../lib/analyze/inventory';
import { decide } from './fixtures';

function engineOf(chart: Chart): AuthorizationEngine {
  return AuthorizationEngine.fromInventory(Inventory.fromObjects(Testing.synth(chart).map((object) => ({ object }))));
}

const points = (e: AuthorizationEngine, ask: Parameters<typeof decide>[1]) => {
  const d = decide(e, ask);
  return `${d.decision} ${d.chain.map((s) => s.point).join('>')}`;
};

const variants: [string, ShopChartProps, string, string][] = [
  ['sidecar', {}, 'sidecar', 'sidecar'],
  ['ambient', { riskProfile: RiskProfile.MEDIUM, models: { frontend: ProxyModel.ambient({ waypoint: true }), cart: ProxyModel.ambient({ waypoint: true }), payments: ProxyModel.ambient({ waypoint: true }), db: ProxyModel.ambient() } }, 'waypoint>ztunnel', 'ztunnel'],
  ['shared node', { riskProfile: RiskProfile.LOW, models: { frontend: ProxyModel.sharedNode(), cart: ProxyModel.sharedNode(), payments: ProxyModel.sharedNode(), db: ProxyModel.sharedNode() } }, 'cilium', 'cilium'],
];

describe('examples/shop on each proxy model', () => {
  for (const [name, props, l7, l4] of variants) {
    it(`${name}: the three grants and nothing else`, () => {
      const e = engineOf(new ShopChart(Testing.app(), 'shop', props));
      expect(points(e, { from: 'shop/frontend', to: 'cart.shop:8080', method: 'GET', path: '/cart/42' })).toBe(`ALLOW ${l7}`);
      expect(points(e, { from: 'shop/cart', to: 'payments.shop:8443', method: 'POST', path: '/charge' })).toBe(`ALLOW ${l7}`);
      expect(points(e, { from: 'shop/cart', to: 'db.shop:5432' })).toBe(`ALLOW ${l4}`);
      expect(decide(e, { from: 'shop/frontend', to: 'cart.shop:8080', method: 'DELETE', path: '/cart/42' }).decision).toBe('DENY');
      expect(decide(e, { from: 'shop/frontend', to: 'payments.shop:8443', method: 'POST', path: '/charge' }).decision).toBe('DENY');
      expect(decide(e, { from: 'shop/frontend', to: 'db.shop:5432' }).decision).toBe('DENY');
      expect(decide(e, { from: 'shop/payments', to: 'cart.shop:8080', method: 'GET', path: '/cart/42' }).decision).toBe('DENY');
      expect(decide(e, { from: 'shop-edge/storefront-istio', to: 'frontend.shop:80', method: 'GET', path: '/' }).decision).toBe('ALLOW');
      expect(decide(e, { plaintext: true, ip: '203.0.113.7', to: 'storefront-istio.shop-edge:443', method: 'GET', path: '/', host: 'shop.example.com' }).decision).toBe('ALLOW');
      expect(decide(e, { plaintext: true, ip: '203.0.113.7', to: 'storefront-istio.shop-edge:443', method: 'DELETE', path: '/', host: 'shop.example.com' }).decision).toBe('DENY');
    });
  }

  it('proxyless gRPC: the frontend requires an end-user token, the gRPC services admit their callers', () => {
    const e = engineOf(new GrpcShopChart(Testing.app(), 'shop-proxyless'));
    const jwt = { iss: 'https://login.shop.example', sub: 'shopper', aud: ['shop-frontend'] };
    expect(points(e, { from: 'shop-grpc-edge/edge-istio', to: 'frontend.shop-grpc:80', method: 'GET', path: '/', jwt })).toBe('ALLOW sidecar');
    expect(decide(e, { from: 'shop-grpc-edge/edge-istio', to: 'frontend.shop-grpc:80', method: 'GET', path: '/' }).decision).toBe('DENY');
    expect(points(e, { from: 'shop-grpc/frontend', to: 'cart.shop-grpc:9090', method: 'POST', path: '/shop.Cart/Add' })).toBe('ALLOW proxyless');
    expect(points(e, { from: 'shop-grpc/cart', to: 'payments.shop-grpc:9090', method: 'POST', path: '/shop.Payments/Charge' })).toBe('ALLOW proxyless');
    expect(decide(e, { from: 'shop-grpc/db', to: 'cart.shop-grpc:9090', method: 'POST', path: '/shop.Cart/Add' }).decision).toBe('DENY');
    expect(points(e, { from: 'shop-grpc/cart', to: 'db.shop-grpc:5432' })).toBe('ALLOW sidecar');
  });

  it('mixed: every proxy model in one mesh, each server admitting the identity its callers present', () => {
    const e = engineOf(new MixedChart(Testing.app(), 'mixed'));
    expect(points(e, { from: 'mixed/web', to: 'cart.mixed:8080', method: 'GET', path: '/cart/1' })).toBe('ALLOW waypoint>ztunnel');
    expect(points(e, { from: 'mixed/cart', to: 'payments.mixed:8443', method: 'POST', path: '/charge' })).toBe('ALLOW sidecar');
    expect(points(e, { from: 'mixed/cart', to: 'orders-db.mixed:5432' })).toBe('ALLOW ztunnel');
    expect(points(e, { from: 'mixed/web', to: 'recommendations.mixed:9090', method: 'POST', path: '/shop.Recommendations/Get' })).toBe('ALLOW proxyless');
    expect(points(e, { from: 'mixed/cart', to: 'analytics.mixed:8080', method: 'POST', path: '/events' })).toBe('ALLOW cilium');
    expect(points(e, { from: 'mixed/web', to: 'analytics.mixed:8080', method: 'POST', path: '/events' })).toBe('DENY cilium');
    expect(points(e, { from: 'mixed/analytics', to: 'payments.mixed:8443', method: 'POST', path: '/charge' })).toBe('DENY sidecar');
  });
});
