// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { ENROLLED_DATA_PLANE } from '../../../lib/validate/rules/proxy-model/enrolled-data-plane';
import { check, verdicts, violations } from '../harness';

const APP = (o: { ns?: string; podLabels?: string; podAnnotations?: string; hostNetwork?: boolean } = {}) => `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { ${o.ns ?? 'istio-injection: enabled'} } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart${o.podLabels ?? ''} }, annotations: { ${o.podAnnotations ?? ''} } }
    spec: { serviceAccountName: cart, hostNetwork: ${o.hostNetwork === true}, containers: [{ name: app, image: x }] }
`;

describe('MESH-MODEL-04: every application workload is enrolled in a mesh data plane, with no traffic bypassing it', () => {
  it('Compliance: injected through the namespace label', () => {
    const out = check(ENROLLED_DATA_PLANE, APP());
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/enrolled in the sidecar model \(namespace label istio-injection=enabled\)/);
  });

  it('Noncompliance 1: injection switched off on the pod', () => {
    expect(violations(check(ENROLLED_DATA_PLANE, APP({ podLabels: ', sidecar.istio.io/inject: "false"' })))[0].message)
      .toMatch(/^shop\/cart is in no mesh data plane \(pod label sidecar\.istio\.io\/inject=false and no other data plane\)/);
  });

  it('Noncompliance 2: ports excluded from interception', () => {
    expect(violations(check(ENROLLED_DATA_PLANE, APP({ podAnnotations: 'traffic.sidecar.istio.io/excludeInboundPorts: "8080"' })))[0].message)
      .toMatch(/excludes traffic from interception \(traffic\.sidecar\.istio\.io\/excludeInboundPorts: "8080"\)/);
  });

  it('Noncompliance 3: host networking', () => {
    expect(violations(check(ENROLLED_DATA_PLANE, APP({ hostNetwork: true })))[0].message).toMatch(/runs on the host network/);
  });

  it('Noncompliance 4: a namespace without any enrolment label', () => {
    expect(violations(check(ENROLLED_DATA_PLANE, APP({ ns: '' }))).length).toBe(1);
  });

  it('refuses suppression for high risk', () => {
    expect(ENROLLED_DATA_PLANE.unsuppressibleAt).toEqual(['high']);
  });

  it('NotApplicable: only infrastructure in the root namespace', () => {
    expect(check(ENROLLED_DATA_PLANE, APP().replace(/namespace: shop/g, 'namespace: istio-system'))).toEqual([]);
  });
});
