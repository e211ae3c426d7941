// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { USER_FACING_REQUIRES_END_USER } from '../../../lib/validate/rules/end-user/user-facing-requires-end-user';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, authz, gateway, httpRoute, httpsListener, object, selectApp, toService, workload, yaml } from '../authz/fixtures';

/** An ingress Gateway edge/edge routing to Service shop/web, which is high risk. */
const INGRESS = yaml(
  gateway('edge', 'edge', [httpsListener()]),
  httpRoute('shop', 'edge-web', 'edge', 'edge', [toService('web')]),
  workload('shop', 'web', { ...SIDECAR, risk: 'high' }),
);
const GATEWAY_SA = 'cluster.local/ns/edge/sa/edge-istio';

function webAllow(source: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return authz('shop', 'web-allow', { ...selectApp('web'), action: 'ALLOW', rules: [{ from: [{ source }], to: [{ operation: { methods: ['GET'] } }], ...extra }] });
}

/** What MeshService.requireEndUser() renders (with `to.ports` when the service also has TCP ports). */
function requireJwt(ports?: string[]): string {
  return authz('shop', 'web-require-jwt', {
    ...selectApp('web'), action: 'DENY',
    rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], ...(ports ? { to: [{ operation: { ports } }] } : {}) }],
  });
}

describe('MESH-EU-03: workloads reached from an ingress gateway require an end-user token', () => {
  it('Compliance: requireEndUser()\'s DENY policy, with or without its ports', () => {
    for (const deny of [requireJwt(), requireJwt(['8080'])]) {
      const out = check(USER_FACING_REQUIRES_END_USER, yaml(INGRESS, webAllow({ principals: [GATEWAY_SA] }), deny));
      expect(verdicts(out)).toEqual(['compliant Deployment shop/web']);
      expect(out[0].message).toBe('shop/web, reached from Gateway edge/edge (HTTPRoute shop/edge-web), is selected by DENY AuthorizationPolicy shop/web-require-jwt rejecting requests without a token on ports 8080');
    }
  });

  it('Compliance: every ALLOW rule admitting the gateway names the end user (requestPrincipals or a request.auth condition)', () => {
    const out = check(USER_FACING_REQUIRES_END_USER, yaml(INGRESS,
      webAllow({ principals: [GATEWAY_SA], requestPrincipals: ['https://idp.example/*'] }),
      authz('shop', 'web-claims', { ...selectApp('web'), action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['edge'] } }], when: [{ key: 'request.auth.claims[scope]', values: ['web'] }] }] }),
      authz('shop', 'web-internal', { ...selectApp('web'), action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/batch'] } }] }] }),
    ));
    expect(out[0].message).toMatch(/every ALLOW rule admitting the gateway requires an end-user token$/);
  });

  it('Noncompliance 1: an ALLOW rule admits the gateway\'s identity without a token (the bank example\'s web tier); error at high risk', () => {
    const [v] = violations(check(USER_FACING_REQUIRES_END_USER, yaml(INGRESS, webAllow({ principals: [GATEWAY_SA] }))));
    expect(v.subject).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(v.message).toMatch(/^shop\/web, reached from Gateway edge\/edge \(HTTPRoute shop\/edge-web\), accepts requests without an end-user token: AuthorizationPolicy shop\/web-allow rule 0 admits edge\/edge-istio without requestPrincipals; expected a DENY policy/);
    expect(USER_FACING_REQUIRES_END_USER.severityByRisk).toEqual({ high: 'error' });
  });

  it('Noncompliance 2: a token DENY that leaves the HTTP port out, and a namespace source that admits the gateway', () => {
    const [v] = violations(check(USER_FACING_REQUIRES_END_USER, yaml(INGRESS, requireJwt(['9090']), webAllow({ namespaces: ['edge'] }))));
    expect(v.message).toMatch(/shop\/web-allow rule 0 admits edge\/edge-istio without requestPrincipals/);
  });

  it('Noncompliance 3: no ALLOW policy at all lets the gateway through', () => {
    const [v] = violations(check(USER_FACING_REQUIRES_END_USER, INGRESS));
    expect(v.message).toMatch(/is selected by no ALLOW policy, so the gateway reaches it without an end-user token/);
  });

  it('Noncompliance 4: an Istio Gateway with a VirtualService, and a rule admitting anyone', () => {
    const [v] = violations(check(USER_FACING_REQUIRES_END_USER, yaml(
      object('networking.istio.io/v1', 'Gateway', 'istio-system', 'public', { selector: { istio: 'ingressgateway' }, servers: [] }),
      object('networking.istio.io/v1', 'VirtualService', 'shop', 'web', { hosts: ['shop.example.com'], gateways: ['istio-system/public'], http: [{ route: [{ destination: { host: 'web.shop.svc.cluster.local' } }] }] }),
      workload('shop', 'web', SIDECAR),
      authz('shop', 'web-allow', { ...selectApp('web'), action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
    )));
    expect(v.message).toMatch(/reached from Gateway istio-system\/public \(VirtualService shop\/web\).*rule 0 admits istio-system\/istio-ingressgateway-service-account without requestPrincipals/);
  });

  it('Noncompliance 5: a shared-node (Cilium) workload, which no Istio policy reaches, even next to allow-nothing', () => {
    const [v] = violations(check(USER_FACING_REQUIRES_END_USER, yaml(
      gateway('edge', 'edge', [httpsListener()]),
      httpRoute('shop', 'edge-web', 'edge', 'edge', [toService('web')]),
      workload('shop', 'web', { pod: { 'sidecar.istio.io/inject': 'false' } }),
      object('cilium.io/v2', 'CiliumNetworkPolicy', 'shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [] }),
      authz('shop', 'allow-nothing', {}),
    )));
    expect(v.message).toMatch(/^shop\/web, reached from Gateway edge\/edge \(HTTPRoute shop\/edge-web\), runs on the shared node model \(Cilium\), where no Istio policy applies/);
  });

  it('Noncompliance 6: on ambient, a selector DENY is enforced by ztunnel, which strips notRequestPrincipals; the waypoint policy counts', () => {
    const ambient = (deny: Record<string, unknown>) => check(USER_FACING_REQUIRES_END_USER, yaml(
      gateway('edge', 'edge', [httpsListener()]),
      httpRoute('shop', 'edge-web', 'edge', 'edge', [toService('web')]),
      workload('shop', 'web', { pod: { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'web-waypoint' } }),
      gateway('shop', 'web-waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      authz('shop', 'web-allow', { targetRefs: [{ group: '', kind: 'Service', name: 'web' }], action: 'ALLOW', rules: [{ from: [{ source: { principals: [GATEWAY_SA] } }] }] }),
      authz('shop', 'web-require-jwt', { ...deny, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] }),
    ));
    expect(verdicts(ambient(selectApp('web')))).toEqual(['non-compliant Deployment shop/web']);
    expect(verdicts(ambient({ targetRefs: [{ group: '', kind: 'Service', name: 'web' }] }))).toEqual(['compliant Deployment shop/web']);
  });

  it('NotApplicable: routes of waypoints, TCP-only backends and workloads no gateway reaches', () => {
    expect(check(USER_FACING_REQUIRES_END_USER, yaml(
      gateway('shop', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      httpRoute('shop', 'internal', 'shop', 'waypoint', [toService('web')]),
      workload('shop', 'web', SIDECAR),
      gateway('edge', 'edge', [httpsListener()]),
      object('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', 'shop', 'db', { parentRefs: [{ name: 'edge', namespace: 'edge' }], rules: [toService('db', 5432)] }),
      workload('shop', 'db', { ...SIDECAR, port: 5432, protocol: 'tcp' }),
    ))).toEqual([]);
  });
});
