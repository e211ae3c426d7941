// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { MESH_TELEMETRY, telemetry } from './telemetry-fixtures';
import { REQUEST_METRICS_ON } from '../../../lib/validate/rules/telemetry/request-metrics';
import { PROXYLESS, SIDECAR, deployment, namespace } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const app = namespace('shop') + deployment('cart', 'shop', SIDECAR);

describe('MESH-TEL-04: request metrics (count and duration) are reported for every workload', () => {
  it('Compliance: no Telemetry at all (Istio\'s default prometheus metrics)', () => {
    const out = check(REQUEST_METRICS_ON, app);
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/no Telemetry disables the request metrics of shop\/cart; Istio reports its standard metrics through the built-in prometheus provider by default/);
  });

  it('Compliance: the mesh-wide Telemetry names prometheus; a workload override re-enables what a namespace one disabled', () => {
    expect(check(REQUEST_METRICS_ON, app + MESH_TELEMETRY)[0].message).toMatch(/Telemetry istio-system\/mesh-default reports the request metrics of shop\/cart through \["prometheus"\]/);
    const off = telemetry('no-metrics', 'shop', { metrics: [{ overrides: [{ match: { metric: 'ALL_METRICS' }, disabled: true }] }] });
    const on = telemetry('cart-metrics', 'shop', { selector: { matchLabels: { app: 'cart' } }, metrics: [{ overrides: [{ disabled: false }] }] });
    expect(verdicts(check(REQUEST_METRICS_ON, app + off + on))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: a namespace Telemetry disables REQUEST_COUNT', () => {
    const off = telemetry('quiet', 'shop', { metrics: [{ providers: [{ name: 'prometheus' }], overrides: [{ match: { metric: 'REQUEST_COUNT', mode: 'SERVER' }, disabled: true }] }] });
    const [v] = violations(check(REQUEST_METRICS_ON, app + MESH_TELEMETRY + off));
    expect(v.message).toMatch(/^Telemetry shop\/quiet disables REQUEST_COUNT for shop\/cart \(override \{"match":\{"metric":"REQUEST_COUNT","mode":"SERVER"\},"disabled":true\}\)/);
  });

  it('Noncompliance 2: the SDK\'s mesh-wide switch-off carries its justification', () => {
    const off = telemetry('mesh-default', 'istio-system', { metrics: [{ providers: [{ name: 'prometheus' }], overrides: [{ match: { metric: 'ALL_METRICS', mode: 'CLIENT_AND_SERVER' }, disabled: true }] }] },
      { 'mesh.cdk8s.io/telemetry-exception.metrics': 'metrics come from the eBPF agent' });
    const [v] = violations(check(REQUEST_METRICS_ON, app + off));
    expect(v.justification).toBe('metrics come from the eBPF agent');
    expect(v.message).toMatch(/Telemetry istio-system\/mesh-default disables REQUEST_COUNT/);
  });

  it('Noncompliance 3: proxyless workloads get an informational note', () => {
    const [v] = violations(check(REQUEST_METRICS_ON, namespace('shop') + deployment('cart', 'shop', PROXYLESS)));
    expect(v.severity).toBe('info');
    expect(v.message).toMatch(/proxyless gRPC has no Envoy proxy/);
  });

  it('NotApplicable: no workload on a data plane', () => {
    expect(check(REQUEST_METRICS_ON, namespace('shop') + deployment('cart', 'shop') + MESH_TELEMETRY)).toEqual([]);
  });
});
