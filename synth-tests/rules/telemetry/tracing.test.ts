// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { MESH_TELEMETRY, sharedMeshConfig, telemetry } from './telemetry-fixtures';
import { TRACING } from '../../../lib/validate/rules/telemetry/tracing';
import { SIDECAR, deployment, namespace } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const app = namespace('shop') + deployment('cart', 'shop', SIDECAR);
const OTEL = sharedMeshConfig({ extensionProviders: [{ name: 'otel', opentelemetry: { service: 'otel-collector.observability.svc.cluster.local', port: 4317 } }] });
const traced = (entry: Record<string, unknown>) => telemetry('mesh-default', 'istio-system', { tracing: [entry] });

describe('MESH-TEL-05: distributed tracing is configured with a defined provider and a sampling rate above zero', () => {
  it('Compliance: an OpenTelemetry provider at 10% sampling', () => {
    const out = check(TRACING, app + OTEL + traced({ providers: [{ name: 'otel' }], randomSamplingPercentage: 10 }));
    expect(verdicts(out)).toEqual(['compliant Telemetry istio-system/mesh-default']);
    expect(out[0].message).toMatch(/traces through \["otel"\] at 10% sampling$/);
  });

  it('Compliance: no sampling percentage means Istio\'s default 1%', () => {
    expect(check(TRACING, app + OTEL + traced({ providers: [{ name: 'otel' }] }))[0].message).toMatch(/at 1% sampling \(Istio's default when unset\)/);
  });

  it('Noncompliance 1: no tracing anywhere', () => {
    const [v] = violations(check(TRACING, app + MESH_TELEMETRY));
    expect(v.subject).toEqual({ apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', name: 'mesh-default', namespace: 'istio-system' });
    expect(v.message).toMatch(/^no Telemetry configures tracing/);
  });

  it('Noncompliance 2: a sampling rate of zero', () => {
    const [v] = violations(check(TRACING, app + OTEL + traced({ providers: [{ name: 'otel' }], randomSamplingPercentage: 0 })));
    expect(v.message).toMatch(/Telemetry istio-system\/mesh-default: randomSamplingPercentage 0 samples no request/);
  });

  it('Noncompliance 3: a provider the mesh config does not define', () => {
    const [v] = violations(check(TRACING, app + OTEL + traced({ providers: [{ name: 'zipkin-prod' }], randomSamplingPercentage: 5 })));
    expect(v.message).toMatch(/provider "zipkin-prod" is not defined in the mesh config's extensionProviders/);
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(TRACING, MESH_TELEMETRY)).toEqual([]);
  });
});
