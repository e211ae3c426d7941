// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { MODEL_BY_RISK } from '../../../lib/validate/rules/proxy-model/model-by-risk';
import { check, verdicts, violations } from '../harness';

/** A namespace and one Deployment with the given labels. */
function workload(opts: { ns?: Record<string, string>; pod?: Record<string, string>; podAnnotations?: Record<string, string>; risk?: string; cilium?: boolean }): string {
  const labels = (m: Record<string, string> = {}) => JSON.stringify(m);
  return `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: ${labels(opts.ns)} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: shop, labels: ${labels(opts.risk ? { 'mesh.cdk8s.io/risk-profile': opts.risk } : {})} }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: ${labels({ app: 'payments', ...opts.pod })}, annotations: ${labels(opts.podAnnotations)} }
    spec: { serviceAccountName: payments, containers: [{ name: app, image: x }] }
${opts.cilium ? `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: payments, namespace: shop }
spec: { endpointSelector: { matchLabels: { app: payments } } }` : ''}
`;
}

const SIDECAR = { ns: { 'istio-injection': 'enabled' } };
const AMBIENT = { ns: { 'istio.io/dataplane-mode': 'ambient' } };
const SHARED = { pod: { 'sidecar.istio.io/inject': 'false' }, cilium: true };
const PROXYLESS = { ns: { 'istio-injection': 'enabled' }, podAnnotations: { 'inject.istio.io/templates': 'grpc-agent' } };

describe('MESH-MODEL-01: every workload runs on a proxy model its risk profile admits', () => {
  it('Compliance: high risk on sidecars', () => {
    const out = check(MODEL_BY_RISK, workload({ ...SIDECAR, risk: 'high' }));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/payments']);
    expect(out[0].message).toMatch(/risk profile high and runs on the sidecar model \(namespace label istio-injection=enabled\): required/);
  });

  it('Noncompliance 1: high risk on ambient is an error naming the admitted model', () => {
    const [v] = violations(check(MODEL_BY_RISK, workload({ ...AMBIENT, risk: 'high' })));
    expect(v.severity).toBe('error');
    expect(v.message).toMatch(/shop\/payments has risk profile high and runs on the ambient model.*expected the sidecar model$/);
  });

  it('Noncompliance 2: medium risk on a shared node proxy is an error (suppressible)', () => {
    const [v] = violations(check(MODEL_BY_RISK, workload({ ...SHARED, risk: 'medium' })));
    expect(v.severity).toBe('error');
    expect(v.message).toMatch(/not desirable for medium risk/);
    expect(MODEL_BY_RISK.unsuppressibleAt).toEqual(['high']);
  });

  it('Noncompliance 3: low risk on sidecars is an informational note', () => {
    const [v] = violations(check(MODEL_BY_RISK, workload({ ...SIDECAR, risk: 'low' })));
    expect(v.severity).toBe('info');
    expect(v.message).toMatch(/unneeded attack surface/);
  });

  it('detects proxyless gRPC from the grpc-agent template', () => {
    const out = check(MODEL_BY_RISK, workload({ ...PROXYLESS, risk: 'medium' }));
    expect(out[0].message).toMatch(/runs on proxyless gRPC .*grpc-agent.*: recommended/);
  });

  it('takes the risk from --risk (the inventory default) when the workload has no label', () => {
    const out = check(MODEL_BY_RISK, workload({ ...AMBIENT }), { defaultRisk: 'medium' });
    expect(verdicts(out)).toEqual(['compliant Deployment shop/payments']);
  });

  it('NotApplicable: no workload enrolled in a data plane', () => {
    expect(check(MODEL_BY_RISK, workload({}))).toEqual([]);
  });
});
