// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AMBIENT_L7_AT_WAYPOINT } from '../../../lib/validate/rules/proxy-model/ambient-l7-at-waypoint';
import { check, verdicts, violations } from '../harness';

const NS = (labels: string) => `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { ${labels} } }
`;
const APP = (podLabels = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart${podLabels} } }
    spec: { serviceAccountName: cart, containers: [{ name: app, image: x }] }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec: { selector: { app: cart }, ports: [{ name: http, port: 8080 }] }
`;
const POLICY = (body: string) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: cart, namespace: shop }
spec:
${body}`;

describe('MESH-MODEL-02: authorization policies of ambient workloads enforce L7 conditions at a waypoint', () => {
  it('Compliance 1: a ztunnel policy with L4 attributes only', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient') + APP() + POLICY(`  selector: { matchLabels: { app: cart } }
  action: ALLOW
  rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }], to: [{ operation: { ports: ["8080"] } }] }]`);
    expect(verdicts(check(AMBIENT_L7_AT_WAYPOINT, yaml))).toEqual(['compliant AuthorizationPolicy shop/cart']);
  });

  it('Compliance 2: L7 rules attached to the Service served by a waypoint', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint') + APP() + POLICY(`  targetRefs: [{ kind: Service, group: "", name: cart }]
  rules: [{ to: [{ operation: { methods: [GET], paths: [/cart/*] } }] }]`);
    const out = check(AMBIENT_L7_AT_WAYPOINT, yaml);
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/cart']);
    expect(out[0].message).toMatch(/attaches to a waypoint \(targetRefs\) for shop\/cart/);
  });

  it('Noncompliance 1: an ALLOW with methods and paths at ztunnel (the rule is dropped)', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient') + APP() + POLICY(`  selector: { matchLabels: { app: cart } }
  rules: [{ to: [{ operation: { methods: [GET], paths: [/cart/*] } }] }]`);
    const [v] = violations(check(AMBIENT_L7_AT_WAYPOINT, yaml));
    expect(v.message).toMatch(/^AuthorizationPolicy shop\/cart selects ambient workloads shop\/cart and uses L7 attributes in rule 0 \(to\.operation\.methods, to\.operation\.paths\): ztunnel drops these rules entirely/);
  });

  it('Noncompliance 2: a DENY on request principals at ztunnel (matches nothing)', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient') + APP() + POLICY(`  action: DENY
  rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }]`);
    const [v] = violations(check(AMBIENT_L7_AT_WAYPOINT, yaml));
    expect(v.message).toMatch(/from\.source\.notRequestPrincipals.*the DENY matches less than written/);
  });

  it('Noncompliance 3: CUSTOM through ztunnel fails open', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient') + APP() + POLICY(`  selector: { matchLabels: { app: cart } }
  action: CUSTOM
  provider: { name: opa }
  rules: [{}]`);
    expect(violations(check(AMBIENT_L7_AT_WAYPOINT, yaml))[0].message).toMatch(/does not enforce CUSTOM \(the external authorizer is never called: fail-open\)/);
  });

  it('Noncompliance 4: targetRefs to a Service without a waypoint is enforced nowhere', () => {
    const yaml = NS('istio.io/dataplane-mode: ambient') + APP() + POLICY(`  targetRefs: [{ kind: Service, group: "", name: cart }]
  rules: [{ to: [{ operation: { methods: [GET] } }] }]`);
    expect(violations(check(AMBIENT_L7_AT_WAYPOINT, yaml))[0].message).toMatch(/targets shop\/cart, which no waypoint serves .*enforced nowhere/);
  });

  it('NotApplicable: the same L7 policy on sidecar workloads', () => {
    const yaml = NS('istio-injection: enabled') + APP() + POLICY(`  selector: { matchLabels: { app: cart } }
  rules: [{ to: [{ operation: { methods: [GET] } }] }]`);
    expect(check(AMBIENT_L7_AT_WAYPOINT, yaml)).toEqual([]);
  });
});
