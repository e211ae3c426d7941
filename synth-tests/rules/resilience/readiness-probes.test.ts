// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { READINESS_PROBES } from '../../../lib/validate/rules/resilience/readiness-probes';
import { SIDECAR, deployment, namespace } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const PROBE = { httpGet: { path: '/healthz', port: 8080 } };

describe('MESH-RES-02: every container of every application workload has a readiness probe', () => {
  it('Compliance: every container has a readinessProbe', () => {
    const yaml = namespace('shop') + deployment('cart', 'shop', { ...SIDECAR, containers: [{ name: 'app', image: 'x', readinessProbe: PROBE }, { name: 'cache', image: 'y', readinessProbe: PROBE }] });
    const out = check(READINESS_PROBES, yaml);
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/every container of Deployment shop\/cart \(app, cache\) has a readinessProbe/);
  });

  it('Noncompliance 1: one container lacks a readinessProbe', () => {
    const yaml = namespace('shop') + deployment('cart', 'shop', { containers: [{ name: 'app', image: 'x', readinessProbe: PROBE }, { name: 'cache', image: 'y' }] });
    const [v] = violations(check(READINESS_PROBES, yaml));
    expect(v.message).toMatch(/^Deployment shop\/cart has containers without a readinessProbe: \["cache"\]/);
  });

  it('Noncompliance 2: a StatefulSet whose only container has no probe (a liveness probe does not count)', () => {
    const yaml = namespace('shop') + deployment('db', 'shop', { kind: 'StatefulSet', containers: [{ name: 'postgres', image: 'p', livenessProbe: PROBE }] });
    const [v] = violations(check(READINESS_PROBES, yaml));
    expect(v.message).toMatch(/StatefulSet shop\/db has containers without a readinessProbe: \["postgres"\]/);
  });

  it('NotApplicable: only run-to-completion workloads and system namespaces', () => {
    const yaml = deployment('migrate', 'shop', { kind: 'Job', containers: [{ name: 'm', image: 'x' }] }) + deployment('dns', 'kube-system', { containers: [{ name: 'c', image: 'x' }] });
    expect(check(READINESS_PROBES, yaml)).toEqual([]);
  });
});
