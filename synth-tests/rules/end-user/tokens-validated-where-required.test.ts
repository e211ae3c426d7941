// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { TOKENS_VALIDATED_WHERE_REQUIRED } from '../../../lib/validate/rules/end-user/tokens-validated-where-required';
import { check, verdicts, violations } from '../harness';
import { AMBIENT, PROXYLESS, SIDECAR, authz, from, gateway, httpsListener, requestAuthn, selectApp, workload, yaml } from '../authz/fixtures';

const JWT_RULES = { jwtRules: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks', audiences: ['shop'] }] };
const REQUIRE_JWT = { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] };
const END_USER_RULE = { from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'], requestPrincipals: ['https://idp.example/*'] } }] };
const TO_EDGE = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }] };

describe('MESH-EU-02: every enforcement point of a policy on end-user tokens validates those tokens', () => {
  it('Compliance: selector policies next to a selector or namespace-wide RequestAuthentication, and gateway and waypoint targetRefs', () => {
    const out = check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(
      workload('shop', 'cart', SIDECAR),
      requestAuthn('shop', 'cart-jwt', { ...selectApp('cart'), ...JWT_RULES }),
      authz('shop', 'cart-require-jwt', { ...selectApp('cart'), ...REQUIRE_JWT }),
      workload('pay', 'api', SIDECAR),
      requestAuthn('pay', 'all', JWT_RULES),
      authz('pay', 'api-allow', { ...selectApp('api'), action: 'ALLOW', rules: [{ ...from('shop', 'web'), when: [{ key: 'request.auth.claims[scope]', values: ['pay'] }] }] }),
      gateway('edge', 'edge', [httpsListener()]),
      requestAuthn('edge', 'edge-jwt', { ...TO_EDGE, ...JWT_RULES }),
      authz('edge', 'edge-allow', { ...TO_EDGE, action: 'ALLOW', rules: [END_USER_RULE] }),
      workload('mall', 'orders', { pod: { ...AMBIENT.pod, 'istio.io/use-waypoint': 'waypoint' } }),
      gateway('mall', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'),
      requestAuthn('mall', 'waypoint-jwt', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }], ...JWT_RULES }),
      authz('mall', 'orders-allow', { targetRefs: [{ group: '', kind: 'Service', name: 'orders' }], action: 'ALLOW', rules: [END_USER_RULE] }),
    ));
    expect(violations(out)).toEqual([]);
    expect(verdicts(out)).toHaveLength(4);
    expect(out.find((o) => o.subject.name === 'edge-allow')!.message).toBe('ALLOW AuthorizationPolicy edge/edge-allow matches on end-user tokens validated by RequestAuthentication edge/edge-jwt');
  });

  it('Noncompliance 1: a DENY on notRequestPrincipals with no RequestAuthentication for the pods', () => {
    const [v] = violations(check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(
      workload('shop', 'cart', SIDECAR),
      requestAuthn('shop', 'other-jwt', { ...selectApp('other'), ...JWT_RULES }),
      authz('shop', 'cart-require-jwt', { ...selectApp('cart'), ...REQUIRE_JWT }),
    )));
    expect(v.message).toMatch(/^DENY AuthorizationPolicy shop\/cart-require-jwt matches on end-user tokens but no RequestAuthentication selects shop\/cart; expected/);
  });

  it('Noncompliance 2: a waypoint policy next to a selector RequestAuthentication (waypoints ignore selectors)', () => {
    const [v] = violations(check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(
      workload('mall', 'orders', { pod: { ...AMBIENT.pod, 'istio.io/use-waypoint': 'waypoint' } }),
      requestAuthn('mall', 'orders-jwt', { ...selectApp('orders'), ...JWT_RULES }),
      authz('mall', 'orders-allow', { targetRefs: [{ group: '', kind: 'Service', name: 'orders' }], action: 'ALLOW', rules: [END_USER_RULE] }),
    )));
    expect(v.message).toMatch(/but no RequestAuthentication applies to Service mall\/orders/);
  });

  it('Noncompliance 3: proxyless gRPC and ztunnel-enforced policies never see a validated token', () => {
    const out = check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(
      workload('shop', 'reco', PROXYLESS),
      workload('shop', 'db', AMBIENT),
      requestAuthn('shop', 'all', JWT_RULES),
      authz('shop', 'reco-allow', { ...selectApp('reco'), action: 'ALLOW', rules: [END_USER_RULE] }),
      authz('shop', 'db-allow', { ...selectApp('db'), action: 'ALLOW', rules: [END_USER_RULE] }),
    ));
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/db-allow', 'non-compliant AuthorizationPolicy shop/reco-allow']);
    expect(out.find((o) => o.subject.name === 'reco-allow')!.message).toMatch(/proxyless gRPC workload shop\/reco validates no tokens/);
    expect(out.find((o) => o.subject.name === 'db-allow')!.message).toMatch(/ambient workload shop\/db is selected, so ztunnel enforces the policy/);
  });

  it('Noncompliance 4: pods not in the manifests are judged by comparing selectors', () => {
    const out = check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(
      requestAuthn('shop', 'cart-jwt', { ...selectApp('cart'), ...JWT_RULES }),
      authz('shop', 'cart-require-jwt', { ...selectApp('cart'), ...REQUIRE_JWT }),
      authz('shop', 'pay-require-jwt', { ...selectApp('pay'), ...REQUIRE_JWT }),
    ));
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/cart-require-jwt', 'non-compliant AuthorizationPolicy shop/pay-require-jwt']);
    expect(violations(out)[0].message).toMatch(/no RequestAuthentication in shop or istio-system selects the pods matching \{"app":"pay"\}/);
  });

  it('NotApplicable: policies that do not look at tokens', () => {
    expect(check(TOKENS_VALIDATED_WHERE_REQUIRED, yaml(workload('shop', 'cart', SIDECAR), authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web', { paths: ['/x'] })] })))).toEqual([]);
  });
});
