// SPDX-License-Identifier: Apache-2.0
/**
 * The Telemetry variants and the mesh config ConfigMap against the real Istio 1.30 CRDs and
 * the core kinds' models, as an API server would admit them. Skipped when ../shared/crds
 * (not part of the project) is absent; CI also runs `cdk8s-mesh conform` over every example.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conformance, Mesh, type MeshTelemetryOptions } from 'cdk8s-mesh';
import { chart, objects } from '../helpers';

const CRDS = path.resolve(__dirname, '../../../shared/crds');

const variants: [string, MeshTelemetryOptions][] = [
  ['defaults', {}],
  ['tracing', { tracing: { collectorService: 'otel-collector', collectorNamespace: 'observability', samplingPercentage: 0.5 } }],
  ['everything off', {
    accessLogging: false,
    accessLoggingDisabledJustification: 'request logs come from the ingress WAF (SEC-42)',
    metrics: false,
    metricsDisabledJustification: 'metrics come from the eBPF agent (OPS-7)',
  }],
];

describe.skipIf(!fs.existsSync(CRDS))('telemetry objects against the real CRDs', () => {
  // Loaded in beforeAll: a skipped describe still runs its body while collecting tests.
  let conformance: Conformance;
  beforeAll(() => {
    conformance = Conformance.fromFiles([CRDS]);
  });
  it.each(variants)('admits the Telemetry and ConfigMap (%s)', async (_name, telemetry) => {
    const c = chart();
    new Mesh(c, 'mesh', { telemetry });
    const emitted = [...objects(c, 'Telemetry'), ...objects(c, 'ConfigMap')];
    expect(emitted.length).toBeGreaterThanOrEqual(1);
    const report = await conformance.validate(emitted);
    expect(report.errors.map((e) => `${e.kind}/${e.name}: ${e.path}: ${e.message}`)).toEqual([]);
    expect(report.objects).toBe(emitted.length);
  });
});
