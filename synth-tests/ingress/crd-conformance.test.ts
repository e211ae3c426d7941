// SPDX-License-Identifier: Apache-2.0
/**
 * Every object an ingress gateway emits, against the real Gateway API v1.6 and Istio 1.30 CRDs
 * (OpenAPI schemas and CEL rules, e.g. the listener, parentRef and targetRefs rules) and the core
 * kinds' models, as an API server would admit them. Skipped when ../shared/crds (not part of the
 * project) is absent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conformance, EndUser, HttpMethod, IngressGateway, IngressTls, JwtIssuer, Match, Mesh, TokenLocation } from 'cdk8s-mesh';
import { chart, type Obj, notUnderTest } from '../helpers';
import { shop } from './fixtures';

const CRDS = path.resolve(__dirname, '../../../shared/crds');

describe.skipIf(!fs.existsSync(CRDS))('ingress objects against the real CRDs', () => {
  // Loaded in beforeAll: a skipped describe still runs its body while collecting tests.
  let conformance: Conformance;
  beforeAll(() => {
    conformance = Conformance.fromFiles([CRDS]);
  });

  it('admits the Gateway, HTTPRoutes, gateway policies and the namespace objects', async () => {
    const s = shop({
      hostnames: ['shop.example.com', '*.shop.example.com', 'api.shop.example.com'],
      httpRedirect: { justification: 'legacy clients type http:// URLs; HSTS preload tracked in SEC-88' },
    });
    const partner = new JwtIssuer(s.c, 'partner', {
      issuer: 'https://partner.example',
      jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}',
      tokenLocations: [TokenLocation.header('x-partner-token', 'Token '), TokenLocation.cookie('session')],
      forwardOriginalToken: true,
    });
    s.gateway.route(s.frontend, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.HEAD] });
    s.gateway.route(s.cart, { paths: [Match.prefix('/api/')], methods: [HttpMethod.GET, HttpMethod.POST], endUser: EndUser.issuer(s.idp).audience('shop-api').claim('scope', 'shop') });
    s.gateway.route(s.cart, { paths: [Match.exact('/api/health')], methods: [HttpMethod.GET] });
    s.gateway.route(s.cart, { paths: [Match.prefix('/partner')], endUser: EndUser.issuer(partner).subject('acme'), hostnames: ['api.shop.example.com'], name: 'partner' });
    s.gateway.route(s.orders, { paths: [Match.prefix('/shop.Orders/')], methods: [HttpMethod.POST], hostnames: ['*.shop.example.com'] });

    const emitted = (Testing.synth(s.c) as Obj[]).filter((o) => o.metadata.namespace === 'ingress' || o.metadata.name === 'ingress'
      || ['Gateway', 'HTTPRoute', 'RequestAuthentication', 'AuthorizationPolicy'].includes(o.kind));
    expect(emitted.map((o) => o.kind).sort()).toEqual([
      'AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy',
      'Gateway', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'HTTPRoute', 'Namespace', 'RequestAuthentication', 'RequestAuthentication',
    ]);
    const report = await conformance.validate(emitted);
    expect(report.errors.map((e) => `${e.kind}/${e.name}: ${e.path}: ${e.message}`)).toEqual([]);
    expect(report.objects).toBe(emitted.length);
  });

  it('admits a gateway in a namespace of the mesh, routing only there (allowedRoutes Same, no end users)', async () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-EU-03');
    const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80, targetPort: 8080 }] });
    const gateway = new IngressGateway(c, 'edge', { mesh, hostnames: ['shop.example.com'], tls: IngressTls.fromSecret('shop-tls') });
    gateway.route(web, { paths: [Match.exact('/'), Match.prefix('/static/')], methods: [HttpMethod.GET] });
    const emitted = Testing.synth(c) as Obj[];
    expect(emitted.find((o) => o.kind === 'Gateway')!.spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Same' });
    const report = await conformance.validate(emitted);
    expect(report.errors.map((e) => `${e.kind}/${e.name}: ${e.path}: ${e.message}`)).toEqual([]);
  });
});
