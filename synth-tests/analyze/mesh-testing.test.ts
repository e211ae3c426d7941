// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { HttpMethod, Match, Mesh, MeshTesting, PortProtocol } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';

function shop(extra?: (s: { mesh: Mesh }) => void) {
  const chart = Testing.chart();
  const mesh = new Mesh(chart, 'mesh', { compliance: { printFindings: false } });
  const web = mesh.addService('web', { image: 'web:1', namespace: 'shop', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
  const cart = mesh.addService('cart', { image: 'cart:1', namespace: 'shop', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
  cart.allowFrom(web, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
  extra?.({ mesh });
  return chart;
}

describe('MeshTesting', () => {
  it('explains a request over the chart with the deciding rule', () => {
    const [allowed, denied] = MeshTesting.explain(shop(), [
      { id: 'read', source: { workload: 'shop/web' }, destination: { service: 'cart', namespace: 'shop', port: 8080 }, http: { method: 'GET', path: '/cart/1' } },
      { id: 'write', source: { workload: 'shop/web' }, destination: { service: 'cart', namespace: 'shop', port: 8080 }, http: { method: 'POST', path: '/cart/1' } },
    ]);
    expect(allowed).toEqual({ id: 'read', decision: 'ALLOW', chain: [expect.objectContaining({ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cart-allow', rule: 'ns[shop]-policy[cart-allow]-rule[0]' })] });
    expect(denied.decision).toBe('DENY');
    expect(denied.chain[0].detail?.reason).toMatch(/GET/);
  });

  it('builds the access matrix and diffs two versions in words', () => {
    const before = MeshTesting.accessMatrix(shop());
    expect(before.cells.map((c) => [c.source, `${c.destination.service}:${c.destination.port}`, c.conditions])).toEqual([['cluster.local/ns/shop/sa/web', 'cart:8080', ['GET /cart/*']]]);
    const after = MeshTesting.accessMatrix(shop(({ mesh }) => {
      const web = mesh.services.find((s) => s.name === 'web')!;
      mesh.services.find((s) => s.name === 'cart')!.allowFrom(web, { methods: [HttpMethod.POST], paths: [Match.exact('/cart/checkout')] });
    }));
    const changes = MeshTesting.accessDiff(before, after);
    expect(changes.map((c) => c.kind)).toEqual(['widened']);
    expect(changes[0].summary).toMatch(/cart\.shop:8080 .*shop\/web.*POST \/cart\/checkout/);
  });
});

describe('MeshTesting.accessMatrix with end users', () => {
  it('shows a gateway route to a service that requires a token, with the token as condition', async () => {
    const { MixedChart } = await import('../../examples/mixed/main');
    const cells = MeshTesting.accessMatrix(new MixedChart(Testing.app(), 'mixed')).cells;
    const web = cells.find((c) => c.source === 'cluster.local/ns/mixed-edge/sa/edge-istio' && c.destination.service === 'web');
    expect(web?.conditions).toEqual(['GET /* with jwt iss=https://login.acme.example aud=acme-web', 'POST /* with jwt iss=https://login.acme.example aud=acme-web']);
  });
});
