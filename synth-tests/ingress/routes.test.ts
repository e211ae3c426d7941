// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { EndUser, HttpMethod, JwtIssuer, Match } from 'cdk8s-mesh';
import { objects, one } from '../helpers';
import { shop } from './fixtures';

const PARENT = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'ingress' };

describe('IngressGateway.route: the HTTPRoute', () => {
  it('renders an HTTPRoute in the service\'s namespace, attached to the HTTPS listeners, forwarding to the Service port', () => {
    const { c, gateway, cart } = shop();
    gateway.route(cart, { paths: [Match.prefix('/cart/'), Match.exact('/basket')], methods: [HttpMethod.POST, HttpMethod.GET] });
    expect(one(c, 'HTTPRoute', 'edge-cart')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'edge-cart', namespace: 'api' },
      spec: {
        parentRefs: [{ ...PARENT, sectionName: 'https-shop.example.com' }],
        hostnames: ['shop.example.com'],
        rules: [{
          // Paths sorted, prefixes without the trailing "/" (Gateway API ignores it), every path × method.
          matches: [
            { path: { type: 'Exact', value: '/basket' }, method: 'GET' },
            { path: { type: 'Exact', value: '/basket' }, method: 'POST' },
            { path: { type: 'PathPrefix', value: '/cart' }, method: 'GET' },
            { path: { type: 'PathPrefix', value: '/cart' }, method: 'POST' },
          ],
          backendRefs: [{ group: '', kind: 'Service', name: 'cart', port: 8080 }],
        }],
      },
    });
  });

  it('renders one match per path when no methods are given', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(one(c, 'HTTPRoute', 'edge-frontend').spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'frontend', port: 80 }],
    }]);
  });

  it('collects the routes to one service into one HTTPRoute, rules sorted whatever the order of the calls', () => {
    const render = (reverse: boolean) => {
      const { c, gateway, frontend } = shop();
      const calls = [
        () => gateway.route(frontend, { paths: [Match.prefix('/static/')], methods: [HttpMethod.GET] }),
        () => gateway.route(frontend, { paths: [Match.exact('/checkout')], methods: [HttpMethod.POST] }),
      ];
      (reverse ? calls.reverse() : calls).forEach((call) => call());
      return one(c, 'HTTPRoute', 'edge-frontend').spec.rules;
    };
    expect(render(false)).toEqual(render(true));
    expect(render(false).map((r: any) => r.matches[0].path.value)).toEqual(['/checkout', '/static']);
  });

  it('renders a route with its own hostnames and name as a separate HTTPRoute on those listeners', () => {
    const { c, gateway, frontend } = shop({ hostnames: ['shop.example.com', '*.shop.example.com'] });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    gateway.route(frontend, { paths: [Match.prefix('/beta')], hostnames: ['*.shop.example.com'], name: 'frontend-beta' });
    expect(objects(c, 'HTTPRoute').map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual(['shop/edge-frontend', 'shop/frontend-beta']);
    expect(one(c, 'HTTPRoute', 'frontend-beta').spec).toMatchObject({
      parentRefs: [{ ...PARENT, sectionName: 'https-wildcard.shop.example.com' }],
      hostnames: ['*.shop.example.com'],
    });
    expect(one(c, 'HTTPRoute', 'edge-frontend').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https-shop.example.com', 'https-wildcard.shop.example.com']);
  });

  it('routes to the only HTTP port of a service that also has TCP ports, or to the named port', () => {
    const { c, gateway, cart, orders } = shop();
    gateway.route(cart, { paths: [Match.prefix('/cart')] });
    gateway.route(orders, { paths: [Match.prefix('/shop.Orders/')], methods: [HttpMethod.POST], port: 9090 });
    expect(one(c, 'HTTPRoute', 'edge-cart').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'cart', port: 8080 }]);
    expect(one(c, 'HTTPRoute', 'edge-orders').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', port: 9090 }]);
  });

  it('drops the claim headers on routes that require no end user, so clients cannot forge them', () => {
    const { c, gateway, frontend, cart, idp } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    expect(one(c, 'HTTPRoute', 'edge-frontend').spec.rules[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-user-id'] } }]);
    // The route that requires the end user keeps the header the gateway filled from the validated token.
    expect(one(c, 'HTTPRoute', 'edge-cart').spec.rules[0].filters).toBeUndefined();
  });

  it('drops another issuer\'s claim headers on a route that requires a different end user', () => {
    const { c, gateway, frontend, cart, idp } = shop();
    const partner = new JwtIssuer(c, 'partner', { issuer: 'https://partner.example', claimsToHeaders: [{ header: 'x-partner', claim: 'sub' }] });
    gateway.route(frontend, { paths: [Match.prefix('/partner')], endUser: EndUser.issuer(partner) });
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    expect(one(c, 'HTTPRoute', 'edge-frontend').spec.rules[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-user-id'] } }]);
    expect(one(c, 'HTTPRoute', 'edge-cart').spec.rules[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-partner'] } }]);
  });
});

describe('IngressGateway.route: the destination admits the gateway', () => {
  it('adds an ALLOW rule for the gateway identity on exactly the routed paths, methods and port', () => {
    const { c, gateway, cart } = shop();
    gateway.route(cart, { paths: [Match.prefix('/cart/'), Match.exact('/basket')], methods: [HttpMethod.GET] });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'cart-allow', namespace: 'api' },
      spec: {
        selector: { matchLabels: { app: 'cart' } },
        action: 'ALLOW',
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/ingress/sa/edge-istio'] } }],
          // PathPrefix /cart is the path itself and everything below it, as Istio matches it.
          to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/basket', '/cart', '/cart/*'] } }],
        }],
      },
    });
  });

  it('admits every path for a root prefix', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(one(c, 'AuthorizationPolicy', 'frontend-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/ingress/sa/edge-istio'] } }],
      to: [{ operation: { ports: ['8080'], paths: ['/*'] } }],
    }]);
  });

  it('leaves the end user to the gateway when the token is not forwarded', () => {
    const { c, gateway, cart, idp } = shop();
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp).audience('shop-api') });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/ingress/sa/edge-istio'] } }],
      to: [{ operation: { ports: ['8080'], paths: ['/api', '/api/*'] } }],
    }]);
    expect(objects(c, 'RequestAuthentication').map((r) => r.metadata.name)).toEqual(['edge-jwt']);
  });

  it('requires the end user on the service too when the issuer forwards the token', () => {
    const { c, gateway, cart } = shop();
    const idp = new JwtIssuer(c, 'fwd', { issuer: 'https://fwd.example', jwksUri: 'https://fwd.example/jwks', forwardOriginalToken: true });
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp).subject('alice') });
    expect(one(c, 'AuthorizationPolicy', 'cart-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/ingress/sa/edge-istio'] } }],
      to: [{ operation: { ports: ['8080'], paths: ['/api', '/api/*'] } }],
      when: [{ key: 'request.auth.principal', values: ['https://fwd.example/alice'] }],
    }]);
    expect(one(c, 'RequestAuthentication', 'cart-jwt').spec.jwtRules).toEqual([{ issuer: 'https://fwd.example', jwksUri: 'https://fwd.example/jwks', forwardOriginalToken: true }]);
  });
});
