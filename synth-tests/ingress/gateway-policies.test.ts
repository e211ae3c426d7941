// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { EndUser, HttpMethod, JwtIssuer, Match, TokenLocation } from 'cdk8s-mesh';
import { objects, one } from '../helpers';
import { shop } from './fixtures';

const TARGET = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }];

describe('the gateway\'s AuthorizationPolicy', () => {
  it('is an ALLOW policy attached to the Gateway with targetRefs, admitting exactly the routed paths and methods', () => {
    const { c, gateway, frontend, cart } = shop();
    gateway.route(frontend, { paths: [Match.exact('/'), Match.prefix('/static/')], methods: [HttpMethod.GET, HttpMethod.HEAD] });
    gateway.route(cart, { paths: [Match.exact('/cart')], methods: [HttpMethod.POST] });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'edge-allow', namespace: 'ingress' },
      spec: {
        targetRefs: TARGET,
        action: 'ALLOW',
        rules: [
          { to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/', '/static', '/static/*'] } }] },
          { to: [{ operation: { methods: ['POST'], paths: ['/cart'] } }] },
        ],
      },
    });
  });

  it('requires the end user\'s token (requestPrincipals), audiences and claims on routes that name one', () => {
    const { c, gateway, cart, idp } = shop();
    gateway.route(cart, {
      paths: [Match.prefix('/api/')],
      methods: [HttpMethod.GET],
      endUser: EndUser.issuer(idp).subject('alice').audience('shop-api').claim('realm_access.roles', 'buyer', 'admin'),
    });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([{
      from: [{ source: { requestPrincipals: ['https://login.shop.example/alice'] } }],
      to: [{ operation: { methods: ['GET'], paths: ['/api', '/api/*'] } }],
      when: [
        { key: 'request.auth.audiences', values: ['shop-api'] },
        { key: 'request.auth.claims[realm_access][roles]', values: ['admin', 'buyer'] },
      ],
    }]);
  });

  it('admits any request on port 80 only with the HTTPS redirect (its only route redirects)', () => {
    const { c, gateway, frontend } = shop({ httpRedirect: { justification: 'legacy clients type http:// URLs (SEC-88)' } });
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([
      { to: [{ operation: { paths: ['/*'] } }] },
      { to: [{ operation: { ports: ['80'] } }] },
    ]);
  });

  it('never lets a public prefix admit a token-less request that routing sends to a protected route', () => {
    const { c, gateway, frontend, cart, idp } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([
      { from: [{ source: { requestPrincipals: ['https://login.shop.example/*'] } }], to: [{ operation: { paths: ['/api', '/api/*'] } }] },
      { to: [{ operation: { paths: ['/*'], notPaths: ['/api', '/api/*'] } }] },
    ]);
  });

  it('keeps a more specific public route inside a protected prefix public', () => {
    const { c, gateway, cart, idp } = shop();
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    gateway.route(cart, { paths: [Match.exact('/api/health')], methods: [HttpMethod.GET] });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([
      // GET /api/health routes to the public route (exact beats prefix): the protected rule leaves
      // out exactly that method on that path, so it takes two operations.
      {
        from: [{ source: { requestPrincipals: ['https://login.shop.example/*'] } }],
        to: [
          { operation: { notMethods: ['GET'], paths: ['/api', '/api/*'] } },
          { operation: { paths: ['/api', '/api/*'], notPaths: ['/api/health'] } },
        ],
      },
      { to: [{ operation: { methods: ['GET'], paths: ['/api/health'] } }] },
    ]);
  });

  it('excludes methods on the same path when a method-specific route takes them', () => {
    const { c, gateway, frontend, cart, idp } = shop();
    gateway.route(frontend, { paths: [Match.exact('/account')] });
    gateway.route(cart, { paths: [Match.exact('/account')], methods: [HttpMethod.POST, HttpMethod.DELETE], endUser: EndUser.issuer(idp) });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([
      { from: [{ source: { requestPrincipals: ['https://login.shop.example/*'] } }], to: [{ operation: { methods: ['DELETE', 'POST'], paths: ['/account'] } }] },
      { to: [{ operation: { notMethods: ['DELETE', 'POST'], paths: ['/account'] } }] },
    ]);
  });

  it('scopes rules to the listeners of their hostnames, a wildcard listener without the more specific ones', () => {
    const { c, gateway, frontend, cart, idp } = shop({ hostnames: ['*.shop.example.com', 'api.shop.example.com', 'shop.example.com'] });
    gateway.route(frontend, { paths: [Match.prefix('/')], hostnames: ['*.shop.example.com', 'shop.example.com'] });
    gateway.route(cart, { paths: [Match.prefix('/')], hostnames: ['api.shop.example.com'], endUser: EndUser.issuer(idp) });
    expect(one(c, 'AuthorizationPolicy', 'edge-allow').spec.rules).toEqual([
      {
        from: [{ source: { requestPrincipals: ['https://login.shop.example/*'] } }],
        to: [{ operation: { hosts: ['api.shop.example.com', 'api.shop.example.com:*'], paths: ['/*'] } }],
      },
      {
        to: [{
          operation: {
            hosts: ['*.shop.example.com', 'shop.example.com', 'shop.example.com:*'],
            // api.shop.example.com has its own listener: the wildcard listener never receives it.
            notHosts: ['api.shop.example.com', 'api.shop.example.com:*'],
            paths: ['/*'],
          },
        }],
      },
    ]);
  });

  it('is the same whatever the order of the routes', () => {
    const render = (order: number[]) => {
      const { c, gateway, frontend, cart, idp } = shop();
      const calls = [
        () => gateway.route(frontend, { paths: [Match.prefix('/')], methods: [HttpMethod.GET] }),
        () => gateway.route(cart, { paths: [Match.prefix('/api')], methods: [HttpMethod.GET, HttpMethod.POST], endUser: EndUser.issuer(idp) }),
        () => gateway.route(cart, { paths: [Match.exact('/api/health')], methods: [HttpMethod.GET] }),
      ];
      order.forEach((i) => calls[i]());
      // Objects appear in the order their intent appeared; their content must not depend on it.
      const key = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      return JSON.stringify(objects(c, 'AuthorizationPolicy').concat(objects(c, 'HTTPRoute')).sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    };
    const reference = render([0, 1, 2]);
    for (const order of [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]) expect(render(order)).toBe(reference);
  });
});

describe('the gateway\'s RequestAuthentication', () => {
  it('validates the issuers its routes name, attached to the Gateway, with claims to headers and the token not forwarded', () => {
    const { c, gateway, cart, idp } = shop();
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    expect(one(c, 'RequestAuthentication', 'edge-jwt')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: 'edge-jwt', namespace: 'ingress' },
      spec: {
        targetRefs: TARGET,
        jwtRules: [{
          issuer: 'https://login.shop.example',
          jwksUri: 'https://login.shop.example/jwks.json',
          audiences: ['shop-api'],
          forwardOriginalToken: false,
          outputClaimToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
        }],
      },
    });
  });

  it('lists each issuer once, sorted, and forwards the token only for the issuer that asks', () => {
    const { c, gateway, frontend, cart, idp } = shop();
    const partner = new JwtIssuer(c, 'partner', {
      issuer: 'https://a-partner.example',
      jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}',
      tokenLocations: [TokenLocation.header('x-partner-token')],
      forwardOriginalToken: true,
    });
    gateway.route(cart, { paths: [Match.prefix('/api')], endUser: EndUser.issuer(idp) });
    gateway.route(cart, { paths: [Match.prefix('/orders')], endUser: EndUser.issuer(idp).audience('shop-api') });
    gateway.route(frontend, { paths: [Match.prefix('/partner')], endUser: EndUser.issuer(partner) });
    expect(one(c, 'RequestAuthentication', 'edge-jwt').spec.jwtRules).toEqual([
      { issuer: 'https://a-partner.example', jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}', fromHeaders: [{ name: 'x-partner-token' }], forwardOriginalToken: true },
      { issuer: 'https://login.shop.example', jwksUri: 'https://login.shop.example/jwks.json', audiences: ['shop-api'], forwardOriginalToken: false, outputClaimToHeaders: [{ header: 'x-user-id', claim: 'sub' }] },
    ]);
  });

  it('is not emitted when no route names an end user', () => {
    const { c, gateway, frontend } = shop();
    gateway.route(frontend, { paths: [Match.prefix('/')] });
    expect(objects(c, 'RequestAuthentication')).toEqual([]);
  });
});
