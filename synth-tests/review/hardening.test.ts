// SPDX-License-Identifier: Apache-2.0
/** Regression tests for the holes found in review: each one admitted more than declared. */
import { describe, expect, it } from 'vitest';
import { EndUser, ExternalAuthorizer, HttpMethod, JwtIssuer, Mesh, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

function setup() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { telemetry: { tracing: { collectorService: 'otel-collector', collectorNamespace: 'observability' } } });
  const authz = mesh.addService('authz', { image: 'a:1', ports: [{ port: 8181 }, { port: 9191, protocol: PortProtocol.GRPC }] });
  return { c, mesh, authz };
}

describe('external authorization', () => {
  it('limits an HTTP authorizer to HTTP ports and refuses it on a TCP port', () => {
    const { c, mesh, authz } = setup();
    const http = new ExternalAuthorizer(c, 'http', { mesh, service: authz, port: 8181 });
    const svc = mesh.addService('app', { image: 'x:1', ports: [{ port: 8080 }, { port: 5432, protocol: PortProtocol.TCP }] });
    svc.authorizeWith(http);
    expect(one(c, 'AuthorizationPolicy', 'app-custom').spec.rules).toEqual([{ to: [{ operation: { ports: ['8080'] } }] }]);
    expect(() => svc.authorizeWith(http, { ports: [5432] })).toThrow(/authorizeWith: HTTP authorizer on a TCP port 5432/);
  });

  it('admits the waypoint, which makes the check, for an ambient service', () => {
    const { c, mesh, authz } = setup();
    const grpc = new ExternalAuthorizer(c, 'grpc', { mesh, service: authz, port: 9191 });
    const svc = mesh.addService('app', { image: 'x:1', ports: [{ port: 8080 }], proxyModel: ProxyModel.ambient({ waypoint: true }), riskProfile: RiskProfile.MEDIUM });
    svc.authorizeWith(grpc);
    expect(one(c, 'AuthorizationPolicy', 'authz-allow').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/shop/sa/app-waypoint']);
  });
});

describe('end users', () => {
  it('refuses two JwtIssuers for one iss with different settings on a service', () => {
    const { c, mesh } = setup();
    const a = new JwtIssuer(c, 'a', { issuer: 'https://idp.example', jwksUri: 'https://idp.example/keys' });
    const b = new JwtIssuer(c, 'b', { issuer: 'https://idp.example', jwksUri: 'https://evil.example/keys' });
    const svc = mesh.addService('app', { image: 'x:1', ports: [{ port: 8080 }] });
    svc.acceptTokensFrom(a);
    expect(() => svc.acceptTokensFrom(b)).toThrow(/acceptTokensFrom: two JwtIssuers for the issuer https:\/\/idp\.example "test\/b": expected one JwtIssuer per issuer \(test\/a already describes it/);
  });

  it('refuses an audience the issuer does not accept', () => {
    const { c } = setup();
    const idp = new JwtIssuer(c, 'idp', { issuer: 'https://idp.example', audiences: ['shop'] });
    expect(() => EndUser.issuer(idp).audience('admin')).toThrow(/EndUser\.audience: an audience the issuer does not accept "admin": expected one of the issuer's audiences shop/);
  });

  it('keeps its own copy of the issuer props', () => {
    const { c, mesh } = setup();
    const props = { issuer: 'https://idp.example', jwksUri: 'https://idp.example/keys', audiences: ['shop'] };
    const idp = new JwtIssuer(c, 'idp', props);
    props.jwksUri = 'http://evil.example/keys';
    props.audiences.push('');
    mesh.addService('app', { image: 'x:1', ports: [{ port: 8080 }] }).allowFrom(mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] }), { methods: [HttpMethod.GET], endUser: EndUser.issuer(idp) });
    expect(one(c, 'RequestAuthentication', 'app-jwt').spec.jwtRules[0]).toMatchObject({ jwksUri: 'https://idp.example/keys', audiences: ['shop'] });
  });

  it('refuses requireEndUser on a service without HTTP ports', () => {
    const { mesh } = setup();
    const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
    expect(() => db.requireEndUser()).toThrow(/requireEndUser on a service without HTTP ports/);
  });
});

describe('telemetry reachability', () => {
  it('lets every Sidecar reach the tracing collector', () => {
    const { c } = setup();
    for (const sidecar of objects(c, 'Sidecar')) {
      expect(sidecar.spec.egress[0].hosts).toContain('observability/otel-collector.observability.svc.cluster.local');
    }
    expect(objects(c, 'Sidecar').length).toBeGreaterThan(0);
  });
});
