// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, service } from './fixtures';
import { PROXYLESS_ALLOW_NOTHING } from '../../../lib/validate/rules/istio-semantics/proxyless-allow-nothing';
import { check, verdicts, violations } from '../harness';

// §b7: grpcgen builds the ALLOW RBAC filter only when some ALLOW rule generated a policy.
const GRPC = 'inject.istio.io/templates: grpc-agent';
const MESH = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart', { annotations: GRPC }) + service('shop', 'cart', '{ name: grpc, port: 9090 }');

describe('MESH-SEM-01: proxyless gRPC workloads are default-deny through ALLOW rules, not through an allow-nothing policy alone', () => {
  it('Compliance 1: the allow-nothing sits next to an ALLOW policy with rules for the proxyless server', () => {
    const yaml = MESH + authz('shop', 'allow-nothing', 'action: ALLOW') + authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }
action: ALLOW
rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }] }]`);
    const out = check(PROXYLESS_ALLOW_NOTHING, yaml);
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/allow-nothing']);
    expect(out[0].message).toMatch(/shop\/cart \(by AuthorizationPolicy shop\/cart-allow\)/);
  });

  it('Compliance 2: a DENY of every request keeps a proxyless server that admits no one closed', () => {
    const yaml = MESH + authz('shop', 'allow-nothing', 'action: ALLOW') + authz('shop', 'cart-default-deny', 'selector: { matchLabels: { app: cart } }\naction: DENY\nrules: [{}]');
    expect(check(PROXYLESS_ALLOW_NOTHING, yaml)[0].message).toMatch(/keep them default-deny: shop\/cart \(by AuthorizationPolicy shop\/cart-default-deny\)$/);
  });

  it('Noncompliance 1: a namespace allow-nothing alone leaves the proxyless server open', () => {
    const [v] = violations(check(PROXYLESS_ALLOW_NOTHING, MESH + authz('shop', 'allow-nothing', 'action: ALLOW')));
    expect(v.message).toBe('AuthorizationPolicy shop/allow-nothing is an ALLOW policy without rules applying to proxyless gRPC workloads shop/cart, '
      + 'where it builds no RBAC filter, so they admit every caller; expected an ALLOW policy with rules selecting them');
  });

  it('Noncompliance 2: a selector allow-nothing with only a DENY policy beside it', () => {
    const yaml = MESH + authz('shop', 'cart-deny-all', 'selector: { matchLabels: { app: cart } }') + authz('shop', 'cart-deny', `action: DENY
rules: [{ from: [{ source: { namespaces: [legacy] } }] }]`);
    expect(verdicts(violations(check(PROXYLESS_ALLOW_NOTHING, yaml)))).toEqual(['non-compliant AuthorizationPolicy shop/cart-deny-all']);
  });

  it('NotApplicable: the same allow-nothing on sidecar workloads, and a dry-run one on proxyless', () => {
    const sidecar = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart') + authz('shop', 'allow-nothing', 'action: ALLOW');
    expect(check(PROXYLESS_ALLOW_NOTHING, sidecar)).toEqual([]);
    expect(check(PROXYLESS_ALLOW_NOTHING, MESH + authz('shop', 'allow-nothing', 'action: ALLOW', 'istio.io/dry-run: "true"'))).toEqual([]);
  });
});
