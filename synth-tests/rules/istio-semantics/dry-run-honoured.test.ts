// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace } from './fixtures';
import { DRY_RUN_HONOURED } from '../../../lib/validate/rules/istio-semantics/dry-run-honoured';
import { check, verdicts, violations } from '../harness';

const SIDECAR = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart');
const DENY = 'selector: { matchLabels: { app: cart } }\naction: DENY\nrules: [{ from: [{ source: { namespaces: [legacy] } }] }]';

describe('MESH-SEM-17: dry-run policies are ALLOW or DENY policies that run where dry-run is supported', () => {
  it('Compliance 1: a dry-run DENY on a sidecar; an explicit "false"', () => {
    const yaml = SIDECAR + authz('shop', 'try-deny', DENY, 'istio.io/dry-run: "true"') + authz('shop', 'enforced', DENY, 'istio.io/dry-run: "False"');
    expect(verdicts(check(DRY_RUN_HONOURED, yaml))).toEqual(['compliant AuthorizationPolicy shop/enforced', 'compliant AuthorizationPolicy shop/try-deny']);
  });

  it('Noncompliance 1: an annotation Go\'s ParseBool rejects leaves the policy enforced', () => {
    const [v] = violations(check(DRY_RUN_HONOURED, SIDECAR + authz('shop', 'try-deny', DENY, 'istio.io/dry-run: "yes"')));
    expect(v.message).toBe('DENY AuthorizationPolicy shop/try-deny has istio.io/dry-run "yes", which is not a boolean to Istio, so the policy is enforced; expected "true" or "false"');
  });

  it('Noncompliance 2: dry-run CUSTOM still calls the authorizer; proxyless gRPC enforces dry-run policies', () => {
    const custom = authz('shop', 'try-opa', 'selector: { matchLabels: { app: cart } }\naction: CUSTOM\nprovider: { name: opa }\nrules: [{}]', 'istio.io/dry-run: "true"');
    expect(violations(check(DRY_RUN_HONOURED, SIDECAR + custom))[0].message).toMatch(/still calls the external authorizer for dry-run CUSTOM policies and enforces its denials/);
    const proxyless = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart', { annotations: 'inject.istio.io/templates: grpc-agent' });
    expect(violations(check(DRY_RUN_HONOURED, proxyless + authz('shop', 'try-deny', DENY, 'istio.io/dry-run: "1"')))[0].message).toMatch(/proxyless gRPC workloads shop\/cart build their RBAC filters without shadow rules, so it is enforced there/);
  });

  it('Noncompliance 3: dry-run at ztunnel needs AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY (warning)', () => {
    const ambient = namespace('shop', 'istio.io/dataplane-mode: ambient') + deployment('shop', 'cart');
    const [v] = violations(check(DRY_RUN_HONOURED, ambient + authz('shop', 'try-deny', DENY, 'istio.io/dry-run: "true"')));
    expect(v.severity).toBe('warning');
    expect(v.message).toMatch(/enforced by ztunnel for shop\/cart, which drops dry-run policies unless AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is set/);
  });

  it('NotApplicable: policies without the annotation', () => {
    expect(check(DRY_RUN_HONOURED, SIDECAR + authz('shop', 'deny', DENY))).toEqual([]);
  });
});
