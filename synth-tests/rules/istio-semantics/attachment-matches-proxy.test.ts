// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, service, waypoint } from './fixtures';
import { ATTACHMENT_MATCHES_PROXY } from '../../../lib/validate/rules/istio-semantics/attachment-matches-proxy';
import { check, verdicts, violations } from '../harness';

const SIDECARS = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart') + service('shop', 'cart');
const AMBIENT = namespace('shop', 'istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint') + waypoint('shop') + deployment('shop', 'cart') + service('shop', 'cart');
const TARGET_CART = 'targetRefs: [{ kind: Service, group: "", name: cart }]\nrules: [{ to: [{ operation: { methods: [GET] } }] }]';

describe('MESH-SEM-06: policies attach the way their proxy reads them: targetRefs for waypoints, selectors for sidecars', () => {
  it('Compliance 1: targetRefs to a Service its waypoint serves', () => {
    const out = check(ATTACHMENT_MATCHES_PROXY, AMBIENT + authz('shop', 'cart-l7', TARGET_CART));
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/cart-l7']);
    expect(out[0].message).toBe('AuthorizationPolicy shop/cart-l7 targets Service shop/cart, served by waypoint waypoint');
  });

  it('Compliance 2: a selector on a Gateway API gateway\'s pods (selector fallback)', () => {
    const yaml = `${namespace('edge')}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
${authz('edge', 'public-allow', 'selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: public } }\nrules: [{}]')}`;
    expect(verdicts(check(ATTACHMENT_MATCHES_PROXY, yaml))).toEqual(['compliant AuthorizationPolicy edge/public-allow']);
  });

  it('Noncompliance 1: targetRefs on a Service of sidecar workloads is ignored (#47137)', () => {
    const [v] = violations(check(ATTACHMENT_MATCHES_PROXY, SIDECARS + authz('shop', 'cart-l7', TARGET_CART)));
    expect(v.message).toBe('AuthorizationPolicy shop/cart-l7 targets Service shop/cart, which no waypoint serves, and its workloads shop/cart (sidecar) '
      + 'ignore policies with targetRefs, so the policy is enforced nowhere; expected a selector (selector.matchLabels) for sidecar and proxyless '
      + 'workloads, or a waypoint bound to the Service (istio.io/use-waypoint)');
  });

  it('Noncompliance 2: a selector naming the waypoint\'s pods, which waypoints ignore', () => {
    const yaml = AMBIENT + authz('shop', 'waypoint-allow', 'selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: waypoint } }\nrules: [{ to: [{ operation: { methods: [GET] } }] }]');
    expect(violations(check(ATTACHMENT_MATCHES_PROXY, yaml))[0].message).toMatch(/^AuthorizationPolicy shop\/waypoint-allow selects waypoint Gateway shop\/waypoint with a selector .*but waypoints never use selectors, so the policy is enforced nowhere/);
  });

  it('NotApplicable: plain selector policies, and targetRefs to ambient workloads without waypoint (MESH-MODEL-02)', () => {
    expect(check(ATTACHMENT_MATCHES_PROXY, SIDECARS + authz('shop', 'cart-allow', 'selector: { matchLabels: { app: cart } }\nrules: [{}]'))).toEqual([]);
    const bare = namespace('shop', 'istio.io/dataplane-mode: ambient') + deployment('shop', 'cart') + service('shop', 'cart');
    expect(check(ATTACHMENT_MATCHES_PROXY, bare + authz('shop', 'cart-l7', TARGET_CART))).toEqual([]);
  });
});
