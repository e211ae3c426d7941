// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { GATEWAY_GUARDED } from '../../../lib/validate/rules/authz/gateway-guarded';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, authz, gateway, httpRoute, httpsListener, object, toService, workload, yaml } from './fixtures';

const EDGE = gateway('edge', 'edge', [httpsListener()]);
const TARGET_EDGE = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] };

function istioGateway(ns: string, name: string, selector: Record<string, string>): string {
  return object('networking.istio.io/v1', 'Gateway', ns, name, { selector, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'tls' } }] });
}

describe('MESH-AUTHZ-07: every ingress gateway is guarded by its own AuthorizationPolicy', () => {
  it('Compliance: targetRefs to the Gateway (the SDK), the gateway-name selector, and an Istio Gateway\'s selector', () => {
    const out = check(GATEWAY_GUARDED, yaml(
      EDGE, authz('edge', 'edge-allow', { ...TARGET_EDGE, action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
      gateway('edge', 'api', [httpsListener()]),
      authz('edge', 'api-deny', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'api' } }, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] }),
      istioGateway('istio-system', 'public', { istio: 'ingressgateway' }),
      authz('istio-system', 'ingress', { selector: { matchLabels: { istio: 'ingressgateway' } }, action: 'ALLOW', rules: [{}] }),
      gateway('shop', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      istioGateway('istio-system', 'egress', { istio: 'egressgateway' }),
    ));
    expect(verdicts(out)).toEqual(['compliant Gateway edge/api', 'compliant Gateway edge/edge', 'compliant Gateway istio-system/public']);
    expect(out.find((o) => o.subject.name === 'edge')!.message).toBe('Gateway edge/edge is guarded by ALLOW AuthorizationPolicy edge/edge-allow');
  });

  it('Noncompliance 1: only the namespace-wide allow-nothing, an AUDIT and a dry-run policy', () => {
    const out = check(GATEWAY_GUARDED, yaml(
      EDGE,
      workload('shop', 'web', { ...SIDECAR, risk: 'high' }),
      httpRoute('shop', 'web', 'edge', 'edge', [toService('web')]),
      authz('edge', 'allow-nothing', {}),
      authz('edge', 'audit', { ...TARGET_EDGE, action: 'AUDIT', rules: [{}] }),
      authz('edge', 'dry', { ...TARGET_EDGE, action: 'ALLOW', rules: [{}] }, { 'istio.io/dry-run': 'true' }),
    ));
    const [v] = violations(out);
    expect(v.message).toBe('Gateway edge/edge is guarded by no AuthorizationPolicy; expected an ALLOW, DENY or CUSTOM policy with targetRefs to the Gateway');
    expect(v.risk).toBe('high');
  });

  it('Noncompliance 2: targetRefs from another namespace never attach', () => {
    const out = check(GATEWAY_GUARDED, yaml(EDGE, authz('shop', 'edge-allow', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'edge' }], action: 'ALLOW', rules: [{}] })));
    expect(verdicts(out)).toEqual(['non-compliant Gateway edge/edge']);
  });

  it('Noncompliance 3: an Istio Gateway whose pods no policy selects', () => {
    const [v] = violations(check(GATEWAY_GUARDED, yaml(
      istioGateway('istio-system', 'public', { istio: 'ingressgateway' }),
      authz('istio-system', 'other', { selector: { matchLabels: { istio: 'other' } }, action: 'ALLOW', rules: [{}] }),
    )));
    expect(v.message).toMatch(/^Gateway istio-system\/public is guarded by no AuthorizationPolicy; expected .* a selector matching its pods \{"istio":"ingressgateway"\}$/);
  });

  it('NotApplicable: only waypoints and egress gateways', () => {
    expect(check(GATEWAY_GUARDED, yaml(
      gateway('shop', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      istioGateway('istio-system', 'egress', { istio: 'egressgateway' }),
    ))).toEqual([]);
  });
});
