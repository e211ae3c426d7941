// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, meshConfig, namespace, service, waypoint } from './fixtures';
import { ZTUNNEL_ADMITS_WAYPOINT } from '../../../lib/validate/rules/istio-semantics/ztunnel-admits-waypoint';
import { check, verdicts, violations } from '../harness';

const AMBIENT = namespace('shop', 'istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint') + waypoint('shop') + deployment('shop', 'cart') + service('shop', 'cart');
const ZTUNNEL = (from: string) => authz('shop', 'cart-ztunnel', `selector: { matchLabels: { app: cart } }\naction: ALLOW\nrules: [{ from: [{ source: { ${from} } }] }]`);

describe('MESH-SEM-07: ambient workloads behind a waypoint admit the waypoint\'s identity at ztunnel', () => {
  it('Compliance 1: ztunnel admits the waypoint principal', () => {
    const out = check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + ZTUNNEL('principals: [cluster.local/ns/shop/sa/waypoint]'));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toBe('shop/cart is served by waypoint shop/waypoint, which ztunnel admits (shop/cart-ztunnel rule 0)');
  });

  it('Compliance 3: the trust domain is not in the manifests, so the policy\'s own one is taken', () => {
    expect(verdicts(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + ZTUNNEL('principals: [corp.example/ns/shop/sa/waypoint]')))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Compliance 2: a serviceAccounts source in the policy\'s namespace, under a custom trust domain', () => {
    const yaml = AMBIENT + meshConfig('trustDomain: corp.example') + ZTUNNEL('serviceAccounts: [waypoint]');
    expect(verdicts(check(ZTUNNEL_ADMITS_WAYPOINT, yaml))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: ztunnel admits only the client, so all waypoint traffic is denied', () => {
    const [v] = violations(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + ZTUNNEL('principals: [cluster.local/ns/shop/sa/web]')));
    expect(v.message).toBe('shop/cart is served by waypoint shop/waypoint, but no ztunnel ALLOW rule of AuthorizationPolicy shop/cart-ztunnel admits '
      + '<trust domain>/ns/shop/sa/waypoint, the identity ztunnel sees on traffic from the waypoint, so every request through the waypoint is denied; '
      + 'expected a rule admitting the waypoint principal');
  });

  it('Noncompliance 2: the waypoint rule uses an L7 field (dropped at ztunnel)', () => {
    const l7 = authz('shop', 'cart-ztunnel', `selector: { matchLabels: { app: cart } }
rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/waypoint] } }], to: [{ operation: { methods: [GET] } }] }]`);
    expect(verdicts(violations(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + l7)))).toEqual(['non-compliant Deployment shop/cart']);
  });

  it('Noncompliance 3: a namespace allow-nothing alone at ztunnel makes the waypoint\'s ALLOW policy dead', () => {
    const waypointAllow = authz('shop', 'cart-allow', 'targetRefs: [{ kind: Service, group: "", name: cart }]\nrules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }] }]');
    const [v] = violations(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + authz('shop', 'allow-nothing', 'action: ALLOW') + waypointAllow));
    expect(v.message).toMatch(/so every request through the waypoint is denied \(including what AuthorizationPolicy shop\/cart-allow admits there\)/);
  });

  it('NotApplicable: no waypoint, no ztunnel ALLOW policy (MESH-MODEL-03 reports that), or a workload closed on purpose', () => {
    const bare = namespace('shop', 'istio.io/dataplane-mode: ambient') + deployment('shop', 'cart') + service('shop', 'cart');
    expect(check(ZTUNNEL_ADMITS_WAYPOINT, bare + ZTUNNEL('principals: [cluster.local/ns/shop/sa/web]'))).toEqual([]);
    expect(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT)).toEqual([]);
    expect(check(ZTUNNEL_ADMITS_WAYPOINT, AMBIENT + authz('shop', 'allow-nothing', 'action: ALLOW'))).toEqual([]);
  });
});
