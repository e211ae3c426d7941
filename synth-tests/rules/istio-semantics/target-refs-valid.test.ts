// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz } from './fixtures';
import { TARGET_REFS_VALID } from '../../../lib/validate/rules/istio-semantics/target-refs-valid';
import { check, verdicts, violations } from '../harness';

const RULES = 'rules: [{ to: [{ operation: { methods: [GET] } }] }]';

describe('MESH-SEM-08: every targetRef names a kind Istio attaches to, with its API group, in the policy\'s own namespace', () => {
  it('Compliance 1: Gateway, Service and ServiceEntry references, and the waypoint class from the root namespace', () => {
    const yaml = authz('shop', 'refs', `targetRefs:
- { group: gateway.networking.k8s.io, kind: Gateway, name: waypoint }
- { group: "", kind: Service, name: cart }
- { group: networking.istio.io, kind: ServiceEntry, name: stripe }
${RULES}`) + authz('istio-system', 'all-waypoints', `targetRefs: [{ group: gateway.networking.k8s.io, kind: GatewayClass, name: istio-waypoint }]\n${RULES}`);
    expect(verdicts(check(TARGET_REFS_VALID, yaml))).toEqual(['compliant AuthorizationPolicy istio-system/all-waypoints', 'compliant AuthorizationPolicy shop/refs']);
  });

  it('Noncompliance 1: a Service in another namespace, and a Gateway without its group', () => {
    const yaml = authz('shop', 'refs', `targetRefs:
- { kind: Service, name: payments, namespace: bank }
- { kind: Gateway, name: waypoint }
${RULES}`);
    const [v] = violations(check(TARGET_REFS_VALID, yaml));
    expect(v.message).toBe('AuthorizationPolicy shop/refs: targetRefs[0] (Service payments) points into namespace "bank": admission rejects it, and '
      + 'unvalidated it never matches (policies only attach in their own namespace); targetRefs[1] (Gateway waypoint) has group "", so Istio reads '
      + 'it as another kind and it never matches (Gateway is in group "gateway.networking.k8s.io"); expected targetRefs Istio can attach (group, kind and '
      + 'name, no namespace)');
  });

  it('Noncompliance 2: more than 16 targetRefs next to a selector, and a GatewayClass outside the root namespace', () => {
    const refs = Array.from({ length: 17 }, (_, i) => `- { kind: Service, name: s${i} }`).join('\n');
    const many = check(TARGET_REFS_VALID, authz('shop', 'many', `selector: { matchLabels: { app: x } }\ntargetRefs:\n${refs}\n${RULES}`));
    expect(violations(many)[0].message).toMatch(/sets both selector and targetRefs, which admission rejects .*; lists 17 targetRefs, more than the 16 admission accepts/);
    const cls = check(TARGET_REFS_VALID, authz('shop', 'cls', `targetRefs: [{ group: gateway.networking.k8s.io, kind: GatewayClass, name: istio }]\n${RULES}`));
    expect(violations(cls)[0].message).toMatch(/names GatewayClass "istio": only istio-waypoint can be targeted; .*only attaches from the root namespace istio-system/);
  });

  it('NotApplicable: selector policies', () => {
    expect(check(TARGET_REFS_VALID, authz('shop', 'cart', `selector: { matchLabels: { app: cart } }\n${RULES}`))).toEqual([]);
  });
});
