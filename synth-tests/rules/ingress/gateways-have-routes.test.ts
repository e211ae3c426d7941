// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { GATEWAYS_HAVE_ROUTES } from '../../../lib/validate/rules/ingress/gateways-have-routes';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, gateway, httpRoute, httpsListener, object, toService, workload, yaml } from '../authz/fixtures';

function istioGateway(name: string): string {
  return object('networking.istio.io/v1', 'Gateway', 'istio-system', name, { selector: { istio: 'ingressgateway' }, servers: [] });
}

describe('MESH-ING-01: every ingress gateway has routes bound to it', () => {
  it('Compliance: an HTTPRoute, a GRPCRoute and a VirtualService bound to their gateways', () => {
    const out = check(GATEWAYS_HAVE_ROUTES, yaml(
      gateway('edge', 'edge', [httpsListener()]),
      httpRoute('shop', 'web', 'edge', 'edge', [toService('web')]),
      workload('shop', 'web', { ...SIDECAR, risk: 'medium' }),
      gateway('edge', 'rpc', [httpsListener()]),
      object('gateway.networking.k8s.io/v1', 'GRPCRoute', 'edge', 'rpc', { parentRefs: [{ name: 'rpc' }], rules: [] }),
      istioGateway('public'),
      object('networking.istio.io/v1', 'VirtualService', 'shop', 'web', { hosts: ['x'], gateways: ['istio-system/public'], http: [] }),
    ));
    expect(verdicts(out)).toEqual(['compliant Gateway edge/edge', 'compliant Gateway edge/rpc', 'compliant Gateway istio-system/public']);
    expect(out[0]).toMatchObject({ message: 'Gateway edge/edge is the parent of HTTPRoute shop/web', risk: 'medium' });
  });

  it('Noncompliance 1: a Gateway API gateway no route names (a route of another gateway or namespace does not count)', () => {
    const [v] = violations(check(GATEWAYS_HAVE_ROUTES, yaml(
      gateway('edge', 'edge', [httpsListener()]),
      httpRoute('shop', 'web', 'shop', 'edge', [toService('web')]),
    )));
    expect(v.message).toBe('Gateway edge/edge is the parent of no HTTPRoute, GRPCRoute, TLSRoute or TCPRoute; expected at least one route with parentRefs naming it');
  });

  it('Noncompliance 2: an Istio Gateway bound only to the mesh gateway of a VirtualService', () => {
    const [v] = violations(check(GATEWAYS_HAVE_ROUTES, yaml(istioGateway('public'),
      object('networking.istio.io/v1', 'VirtualService', 'shop', 'web', { hosts: ['x'], gateways: ['mesh', 'public'], http: [] }))));
    expect(v.message).toMatch(/^Gateway istio-system\/public is named by no VirtualService's gateways/);
  });

  it('NotApplicable: waypoints and egress gateways only', () => {
    expect(check(GATEWAYS_HAVE_ROUTES, yaml(
      gateway('shop', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      object('networking.istio.io/v1', 'Gateway', 'istio-system', 'egress', { selector: { istio: 'egressgateway' }, servers: [] }),
    ))).toEqual([]);
  });
});
