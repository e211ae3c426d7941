// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { WAYPOINT_ANTI_BYPASS } from '../../../lib/validate/rules/proxy-model/waypoint-anti-bypass';
import { check, verdicts, violations } from '../harness';

const BASE = (nsLabels: string) => `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { ${nsLabels} } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec: { serviceAccountName: cart, containers: [{ name: app, image: x }] }
`;
const AMBIENT_WAYPOINT = 'istio.io/dataplane-mode: ambient, istio.io/use-waypoint: cart-waypoint';
const ALLOW_NOTHING = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: allow-nothing, namespace: shop }
spec: {}
`;
const ZTUNNEL = (principal: string) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: cart-ztunnel, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  action: ALLOW
  rules: [{ from: [{ source: { principals: ["${principal}"] } }] }]
`;

describe('MESH-MODEL-03: ambient workloads behind a waypoint admit only the waypoint at ztunnel', () => {
  it('Compliance 1: ztunnel admits only the waypoint principal', () => {
    const out = check(WAYPOINT_ANTI_BYPASS, BASE(AMBIENT_WAYPOINT) + ALLOW_NOTHING + ZTUNNEL('cluster.local/ns/shop/sa/cart-waypoint'));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/admits only the waypoint \*\/ns\/shop\/sa\/cart-waypoint/);
  });

  it('Compliance 2: allow-nothing alone (nothing is admitted, not even around the waypoint)', () => {
    expect(verdicts(check(WAYPOINT_ANTI_BYPASS, BASE(AMBIENT_WAYPOINT) + ALLOW_NOTHING))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: ztunnel also admits the client identity, which can dial the pod directly', () => {
    const [v] = violations(check(WAYPOINT_ANTI_BYPASS, BASE(AMBIENT_WAYPOINT) + ALLOW_NOTHING + ZTUNNEL('cluster.local/ns/shop/sa/web')));
    expect(v.message).toMatch(/^shop\/cart is served by waypoint shop\/cart-waypoint but ztunnel also admits other sources \(shop\/cart-ztunnel rule 0\)/);
  });

  it('Noncompliance 2: no ztunnel ALLOW at all leaves direct connections open', () => {
    const [v] = violations(check(WAYPOINT_ANTI_BYPASS, BASE(AMBIENT_WAYPOINT)));
    expect(v.message).toMatch(/no ztunnel ALLOW policy selects it/);
  });

  it('NotApplicable: ambient without a waypoint', () => {
    expect(check(WAYPOINT_ANTI_BYPASS, BASE('istio.io/dataplane-mode: ambient') + ALLOW_NOTHING)).toEqual([]);
  });
});
