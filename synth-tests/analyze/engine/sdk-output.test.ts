// SPDX-License-Identifier: Apache-2.0
/**
 * The engine over SDK output: a small mesh built with the SDK (`Testing.synth`), read back as
 * plain manifests (`Inventory.fromObjects`). What `allowFrom` grants comes out ALLOW by the
 * rule the SDK emitted; every other caller comes out DENY.
 */
import { Chart, Testing } from 'cdk8s';
import { HttpMethod, Match, Mesh, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { AuthorizationEngine } from '../../../lib/analyze/authz/authorization-engine';
import { Inventory } from '../../../lib/analyze/inventory';
import { chainOf, decide, last, rule } from './fixtures';

function engineFor(build: (mesh: Mesh) => void, risk: RiskProfile): AuthorizationEngine {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  build(new Mesh(chart, 'mesh', { defaultRiskProfile: risk }));
  return AuthorizationEngine.fromInventory(Inventory.fromObjects(Testing.synth(chart).map((object) => ({ object }))));
}

describe('SDK output on sidecars', () => {
  const e = engineFor((mesh) => {
    const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 80, targetPort: 8080, protocol: PortProtocol.HTTP }] });
    const api = mesh.addService('api', { image: 'api:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
    const db = mesh.addService('db', { image: 'db:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
    api.allowFrom(web, { methods: [HttpMethod.GET], paths: [Match.prefix('/api/')] });
    db.allowFrom(api, { ports: [5432] });
  }, RiskProfile.HIGH);

  it('allows what allowFrom grants, by the emitted rule', () => {
    expect(chainOf(decide(e, { from: 'shop/web', to: 'api.shop:8080', method: 'GET', path: '/api/items' }))).toEqual([
      { point: 'sidecar', decision: 'ALLOW', policy: 'shop/api-allow', rule: rule('shop', 'api-allow', 0) },
    ]);
    expect(chainOf(decide(e, { from: 'shop/api', to: 'db.shop:5432' }))).toEqual([
      { point: 'sidecar', decision: 'ALLOW', policy: 'shop/db-allow', rule: rule('shop', 'db-allow', 0) },
    ]);
  });

  it('denies other callers, other operations and plaintext (secure by default)', () => {
    const other = decide(e, { from: 'shop/db', to: 'api.shop:8080', method: 'GET', path: '/api/items' });
    expect(chainOf(other)).toEqual([{ point: 'sidecar', decision: 'DENY' }]);
    expect(last(other).detail?.reason).toBe('no ALLOW policy matched; closest: shop/api-allow rule 0 needs principals [cluster.local/ns/shop/sa/web] (got cluster.local/ns/shop/sa/db)');
    expect(last(decide(e, { from: 'shop/web', to: 'api.shop:8080', method: 'DELETE', path: '/api/items' })).detail?.reason).toContain('needs methods [GET] (got DELETE)');
    expect(decide(e, { from: 'shop/web', to: 'db.shop:5432' }).decision).toBe('DENY');
    expect(decide(e, { from: 'shop/api', to: 'web.shop:80', method: 'GET', path: '/' }).decision).toBe('DENY');
    expect(last(decide(e, { plaintext: true, to: 'api.shop:8080', method: 'GET', path: '/api/items' }))).toMatchObject({ decision: 'DENY', policy: 'istio-system/default' });
  });
});

describe('SDK output on ambient with a waypoint', () => {
  const e = engineFor((mesh) => {
    const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
    const l7 = ProxyModel.ambient({ waypoint: true });
    const api = mesh.addService('api', { image: 'api:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }], proxyModel: l7 });
    mesh.addService('batch', { image: 'batch:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }], proxyModel: l7 });
    api.allowFrom(web, { methods: [HttpMethod.POST], paths: [Match.exact('/orders')] });
  }, RiskProfile.MEDIUM);

  it('allows at the waypoint by the L7 rule and at the ztunnel by the waypoint-only rule', () => {
    const d = decide(e, { from: 'shop/web', to: 'api.shop:8080', method: 'POST', path: '/orders' });
    expect(chainOf(d)).toEqual([
      { point: 'waypoint', decision: 'ALLOW', policy: 'shop/api-allow', rule: rule('shop', 'api-allow', 0) },
      { point: 'ztunnel', decision: 'ALLOW', policy: 'shop/api-ztunnel', rule: rule('shop', 'api-ztunnel', 0) },
    ]);
    expect(d.chain[0].detail?.at).toBe('shop/api-waypoint');
  });

  it('denies other callers and operations at the waypoint', () => {
    expect(chainOf(decide(e, { from: 'shop/batch', to: 'api.shop:8080', method: 'POST', path: '/orders' }))).toEqual([{ point: 'waypoint', decision: 'DENY' }]);
    expect(last(decide(e, { from: 'shop/web', to: 'api.shop:8080', method: 'GET', path: '/orders' })).detail?.reason).toContain('needs methods [POST] (got GET)');
  });

  it('treats a principal source like its workload (through the waypoint), and denies plaintext at the ztunnel by STRICT mTLS', () => {
    const d = decide(e, { principal: 'cluster.local/ns/shop/sa/web', to: 'api.shop:8080', method: 'POST', path: '/orders' });
    expect(d.decision).toBe('ALLOW');
    expect(last(decide(e, { plaintext: true, to: 'api.shop:8080', method: 'POST', path: '/orders' }))).toMatchObject({ point: 'ztunnel', decision: 'DENY', policy: 'istio-system/default' });
  });
});
