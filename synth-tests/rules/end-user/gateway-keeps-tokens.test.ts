// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { GATEWAY_KEEPS_TOKENS } from '../../../lib/validate/rules/end-user/gateway-keeps-tokens';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, gateway, httpsListener, requestAuthn, selectApp, workload, yaml } from '../authz/fixtures';

const TO_EDGE = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] };
const RULE = { issuer: 'https://login.example', jwksUri: 'https://login.example/jwks', audiences: ['web'] };

describe('MESH-EU-04: gateways do not forward the end user\'s original token', () => {
  it('Compliance: the SDK\'s gateway RequestAuthentication (forwardOriginalToken: false, claims to headers)', () => {
    const out = check(GATEWAY_KEEPS_TOKENS, yaml(gateway('edge', 'edge', [httpsListener()]),
      requestAuthn('edge', 'edge-jwt', { ...TO_EDGE, jwtRules: [{ ...RULE, forwardOriginalToken: false, outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }] }] })));
    expect(verdicts(out)).toEqual(['compliant RequestAuthentication edge/edge-jwt']);
    expect(out[0].message).toBe('RequestAuthentication edge/edge-jwt applies to Gateway edge/edge and forwards no original token');
  });

  it('Noncompliance 1: a Gateway API gateway forwarding the token', () => {
    const [v] = violations(check(GATEWAY_KEEPS_TOKENS, requestAuthn('edge', 'edge-jwt', { ...TO_EDGE, jwtRules: [RULE, { ...RULE, issuer: 'https://b.example', forwardOriginalToken: true }] })));
    expect(v.message).toBe('RequestAuthentication edge/edge-jwt applies to Gateway edge/edge and sets forwardOriginalToken: true on jwtRules[1] (https://b.example); expected false or unset');
  });

  it('Noncompliance 2: an Istio ingress gateway selected by labels', () => {
    const [v] = violations(check(GATEWAY_KEEPS_TOKENS, requestAuthn('istio-system', 'ingress-jwt', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ ...RULE, forwardOriginalToken: true }] })));
    expect(v.message).toMatch(/applies to ingressgateway pods and sets forwardOriginalToken: true/);
  });

  it('Noncompliance 3: a namespace-wide RequestAuthentication reaching gateway pods', () => {
    const [v] = violations(check(GATEWAY_KEEPS_TOKENS, yaml(
      workload('edge', 'edge-istio', { pod: { 'gateway.networking.k8s.io/gateway-name': 'edge' } }),
      requestAuthn('edge', 'all', { jwtRules: [{ ...RULE, forwardOriginalToken: true }] }),
    )));
    expect(v.message).toMatch(/applies to Deployment edge\/edge-istio and sets forwardOriginalToken: true/);
  });

  it('NotApplicable: workloads forwarding tokens per hop, and waypoints', () => {
    expect(check(GATEWAY_KEEPS_TOKENS, yaml(
      workload('bank', 'accounts', SIDECAR),
      requestAuthn('bank', 'accounts-jwt', { ...selectApp('accounts'), jwtRules: [{ ...RULE, forwardOriginalToken: true }] }),
      gateway('bank', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      requestAuthn('bank', 'waypoint-jwt', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }], jwtRules: [{ ...RULE, forwardOriginalToken: true }] }),
    ))).toEqual([]);
  });
});
