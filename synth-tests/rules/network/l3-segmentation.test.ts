// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Mesh, NetworkSegmentation } from 'cdk8s-mesh';
import { Inventory } from '../../../lib/analyze/inventory';
import { L3_SEGMENTATION } from '../../../lib/validate/rules/network/l3-segmentation';
import { chart } from '../../helpers';
import { check, verdicts, violations } from '../harness';

/** A Deployment `payments` in `shop` with pod label app=payments. */
function workload(risk?: string, annotations: Record<string, string> = {}): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: shop, labels: ${JSON.stringify(risk ? { 'mesh.cdk8s.io/risk-profile': risk } : {})}, annotations: ${JSON.stringify(annotations)} }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments, tier: core } }
    spec: { serviceAccountName: payments, containers: [{ name: app, image: x }] }
`;
}

/** A NetworkPolicy in `namespace` with this spec. */
function networkPolicy(spec: Record<string, unknown>, namespace = 'shop'): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: payments, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;
}

const CALLERS = { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'cart' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] };

/** The outcomes of the rule on the synthesized output of a chart. */
function checkChart(c: ReturnType<typeof chart>) {
  const inventory = Inventory.fromObjects(Testing.synth(c).map((object) => ({ object })));
  return L3_SEGMENTATION.check({ inventory });
}

describe('MESH-NET-01: every high-risk application workload is selected by a NetworkPolicy that restricts its ingress', () => {
  it('Compliance 1: a NetworkPolicy selecting the pods with Ingress in policyTypes', () => {
    const out = check(L3_SEGMENTATION, workload('high') + networkPolicy({ podSelector: { matchLabels: { app: 'payments' } }, policyTypes: ['Ingress'], ...CALLERS }));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/payments']);
    expect(out[0].message).toBe('Deployment shop/payments (risk profile high) is selected by NetworkPolicy shop/payments');
  });

  it('Compliance 2: policyTypes unset implies Ingress; an empty podSelector selects every pod of the namespace', () => {
    expect(verdicts(check(L3_SEGMENTATION, workload('high') + networkPolicy({ podSelector: {} })))).toEqual(['compliant Deployment shop/payments']);
  });

  it('Compliance 3: a CiliumNetworkPolicy with ingress rules (Cilium is a network-tier enforcement point)', () => {
    const cilium = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: payments, namespace: shop }
spec: { endpointSelector: { matchLabels: { app: payments } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: cart } }] }] }
`;
    expect(verdicts(check(L3_SEGMENTATION, workload('high') + cilium))).toEqual(['compliant Deployment shop/payments']);
  });

  it('Compliance 3b: Cilium selectors with source prefixes (k8s:, any:) and the namespace label select the pods too', () => {
    const cilium = `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: payments }
spec: { endpointSelector: { matchLabels: { 'k8s:app': payments, 'k8s:io.kubernetes.pod.namespace': shop } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'any:app': cart } }] }] }
`;
    expect(verdicts(check(L3_SEGMENTATION, workload('high') + cilium))).toEqual(['compliant Deployment shop/payments']);
    const other = cilium.replace("'k8s:io.kubernetes.pod.namespace': shop", "'k8s:io.kubernetes.pod.namespace': bank");
    expect(verdicts(check(L3_SEGMENTATION, workload('high') + other))).toEqual(['non-compliant Deployment shop/payments']);
  });

  it('Compliance 4: the SDK segments high-risk services by default', () => {
    const c = chart({ namespace: 'shop' });
    new Mesh(c, 'mesh', { compliance: { packs: [], printFindings: false } }).addService('payments', { image: 'p:1', ports: [{ port: 8080 }] });
    expect(verdicts(checkChart(c))).toEqual(['compliant Deployment shop/payments']);
  });

  it('Noncompliance 1: a high-risk workload no policy selects is an error', () => {
    const [v] = violations(check(L3_SEGMENTATION, workload('high')));
    expect(v.severity).toBeUndefined();
    expect(L3_SEGMENTATION.severity).toBe('error');
    expect(v.message).toMatch(/^Deployment shop\/payments \(risk profile high\): no NetworkPolicy with Ingress in policyTypes and no CiliumNetworkPolicy with ingress rules selects its pods/);
  });

  it('Noncompliance 2: policies that do not restrict ingress of these pods do not count', () => {
    const others = [
      networkPolicy({ podSelector: { matchLabels: { app: 'payments' } }, policyTypes: ['Egress'], egress: [] }),
      networkPolicy({ podSelector: { matchLabels: { app: 'cart' } }, policyTypes: ['Ingress'] }),
      networkPolicy({ podSelector: {}, policyTypes: ['Ingress'] }, 'other'),
      networkPolicy({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['core'] }] } }),
      `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: egress-only, namespace: shop }
spec: { endpointSelector: { matchLabels: { app: payments } }, egress: [{ toEndpoints: [{}] }] }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: no-default-deny, namespace: shop }
spec: { endpointSelector: {}, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{}] }] }
`,
    ];
    for (const other of others) expect(verdicts(check(L3_SEGMENTATION, workload('high') + other)), other).toEqual(['non-compliant Deployment shop/payments']);
  });

  it('Noncompliance 3: a NetworkPolicy with an ingress rule without from and ports admits everything', () => {
    const [v] = violations(check(L3_SEGMENTATION, workload('high') + networkPolicy({ podSelector: {}, ingress: [{}] })));
    expect(v.message).toMatch(/NetworkPolicy shop\/payments admits every source on every port .*; expected ingress rules naming the callers and ports$/);
  });

  it('Noncompliance 4: medium- and low-risk workloads without one get an informational note', () => {
    for (const risk of ['medium', 'low']) {
      const [v] = violations(check(L3_SEGMENTATION, workload(risk)));
      expect(v).toMatchObject({ severity: 'info', risk });
    }
    expect(verdicts(check(L3_SEGMENTATION, workload('medium') + networkPolicy({ podSelector: {}, ...CALLERS })))).toEqual(['compliant Deployment shop/payments']);
  });

  it('Noncompliance 5: an SDK opt-out carries its recorded justification (reported as an exception)', () => {
    const c = chart({ namespace: 'shop' });
    new Mesh(c, 'mesh', { compliance: { packs: [], printFindings: false } }).addService('payments', {
      image: 'p:1', ports: [{ port: 8080 }], networkSegmentation: NetworkSegmentation.disabled('the CNI enforces no NetworkPolicy; isolated by VPC firewall FW-7'),
    });
    const [v] = violations(checkChart(c));
    expect(v).toMatchObject({ risk: 'high', justification: 'the CNI enforces no NetworkPolicy; isolated by VPC firewall FW-7' });
  });

  it('takes the risk from the inventory default when the workload has no label', () => {
    expect(violations(check(L3_SEGMENTATION, workload(), { defaultRisk: 'low' }))[0].severity).toBe('info');
    expect(violations(check(L3_SEGMENTATION, workload()))[0].risk).toBe('high');
  });

  it('NotApplicable: no application workload (mesh infrastructure and system namespaces only)', () => {
    const gateway = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-istio, namespace: ingress }
spec:
  template:
    metadata: { labels: { gateway.networking.k8s.io/gateway-name: edge } }
    spec: { containers: [{ name: istio-proxy, image: x }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec: { containers: [{ name: coredns, image: x }] }
`;
    expect(check(L3_SEGMENTATION, gateway)).toEqual([]);
    expect(L3_SEGMENTATION).toMatchObject({ recommendations: ['MS-SS-13', '207A/multi-tier'], controls: ['SC-7', 'AC-4'], target: 'manifest' });
  });
});
