// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { Mesh, MeshTelemetry, type MeshTelemetryOptions } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

const telemetryOf = (options?: MeshTelemetryOptions, rootNamespace?: string) => {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { telemetry: options, rootNamespace });
  return { c, mesh, telemetry: one(c, 'Telemetry', 'mesh-default') };
};

describe('mesh-wide Telemetry', () => {
  it('is one telemetry.istio.io/v1 Telemetry in the root namespace, without selector', () => {
    const { c, telemetry } = telemetryOf();
    expect(objects(c, 'Telemetry')).toHaveLength(1);
    expect(telemetry.apiVersion).toBe('telemetry.istio.io/v1');
    expect(telemetry.metadata).toEqual({ name: 'mesh-default', namespace: 'istio-system' });
    expect(telemetry.spec.selector).toBeUndefined();
    expect(telemetry.spec.targetRefs).toBeUndefined();
  });

  it('follows a custom root namespace', () => {
    expect(telemetryOf(undefined, 'mesh-root').telemetry.metadata.namespace).toBe('mesh-root');
  });

  it('logs every request through the mesh access-log provider by default (no filter)', () => {
    const { telemetry } = telemetryOf();
    expect(telemetry.spec.accessLogging).toEqual([{ providers: [{ name: 'cdk8s-mesh-access-log' }] }]);
  });

  it('turns on Istio standard metrics through the built-in prometheus provider by default', () => {
    const { telemetry } = telemetryOf();
    expect(telemetry.spec.metrics).toEqual([{ providers: [{ name: 'prometheus' }] }]);
  });

  it('configures no tracing without a collector', () => {
    const { mesh, telemetry } = telemetryOf();
    expect(telemetry.spec.tracing).toBeUndefined();
    expect(mesh.meshConfig.extensionProviders.map((p: any) => p.name)).toEqual(['cdk8s-mesh-access-log']);
    expect(mesh.telemetry.samplingPercentage).toBeUndefined();
  });

  it('traces through the OpenTelemetry collector at the default 1%', () => {
    const { mesh, telemetry } = telemetryOf({ tracing: { collectorService: 'otel-collector', collectorNamespace: 'observability' } });
    expect(telemetry.spec.tracing).toEqual([{ providers: [{ name: 'cdk8s-mesh-tracing' }], randomSamplingPercentage: 1 }]);
    const provider = mesh.meshConfig.extensionProviders.find((p: any) => p.name === 'cdk8s-mesh-tracing');
    expect(provider).toEqual({ name: 'cdk8s-mesh-tracing', opentelemetry: { port: 4317, service: 'otel-collector.observability.svc.cluster.local' } });
    expect(mesh.telemetry.samplingPercentage).toBe(1);
  });

  it('takes the sampling percentage, the port and the root namespace as default namespace', () => {
    const { mesh, telemetry } = telemetryOf({ tracing: { collectorService: 'otel', port: 14317, samplingPercentage: 0.25 } });
    expect(telemetry.spec.tracing[0].randomSamplingPercentage).toBe(0.25);
    expect(mesh.meshConfig.extensionProviders[1]).toEqual({ name: 'cdk8s-mesh-tracing', opentelemetry: { port: 14317, service: 'otel.istio-system.svc.cluster.local' } });
  });

  it('names the collector with the mesh\'s cluster domain', () => {
    const mesh = new Mesh(chart(), 'mesh', { clusterDomain: 'corp.internal', telemetry: { tracing: { collectorService: 'otel', collectorNamespace: 'observability' } } });
    expect(mesh.meshConfig.extensionProviders[1].opentelemetry.service).toBe('otel.observability.svc.corp.internal');
  });

  it.each([0, 100])('accepts the sampling bound %d', (samplingPercentage) => {
    expect(telemetryOf({ tracing: { collectorService: 'otel', samplingPercentage } }).telemetry.spec.tracing[0].randomSamplingPercentage).toBe(samplingPercentage);
  });

  it('turns access logging off only with a justification, recorded on the Telemetry', () => {
    const { mesh, telemetry } = telemetryOf({ accessLogging: false, accessLoggingDisabledJustification: '  request logs come from the ingress WAF; see SEC-42 ' });
    expect(telemetry.spec.accessLogging).toEqual([{ disabled: true }]);
    expect(telemetry.metadata.annotations).toEqual({ 'mesh.cdk8s.io/telemetry-exception.access-logging': 'request logs come from the ingress WAF; see SEC-42' });
    expect(mesh.telemetry.accessLogging).toBe(false);
    expect(mesh.meshConfig.extensionProviders).toBeUndefined();
  });

  it('turns metrics off only with a justification: every metric overridden disabled', () => {
    const { mesh, telemetry } = telemetryOf({ metrics: false, metricsDisabledJustification: 'metrics come from the eBPF agent (OPS-7)' });
    expect(telemetry.spec.metrics).toEqual([{
      providers: [{ name: 'prometheus' }],
      overrides: [{ match: { metric: 'ALL_METRICS', mode: 'CLIENT_AND_SERVER' }, disabled: true }],
    }]);
    expect(telemetry.metadata.annotations).toEqual({ 'mesh.cdk8s.io/telemetry-exception.metrics': 'metrics come from the eBPF agent (OPS-7)' });
    expect(mesh.telemetry.metrics).toBe(false);
    expect(telemetry.spec.accessLogging).toEqual([{ providers: [{ name: 'cdk8s-mesh-access-log' }] }]);
  });

  it('has no annotations when everything is on', () => {
    expect(telemetryOf().telemetry.metadata.annotations).toBeUndefined();
  });

  it.each([
    [{ accessLogging: false }, /telemetry\.accessLogging turned off without a justification: expected a written justification of at least 10 characters.*fix: set accessLoggingDisabledJustification/],
    [{ accessLogging: false, accessLoggingDisabledJustification: 'too short' }, /telemetry\.accessLogging turned off without a justification "too short"/],
    [{ accessLoggingDisabledJustification: 'logs come from the WAF' }, /telemetry\.accessLoggingDisabledJustification given while accessLogging is on/],
    [{ metrics: false, metricsDisabledJustification: '   ' }, /telemetry\.metrics turned off without a justification/],
    [{ metricsDisabledJustification: 'metrics come from elsewhere' }, /telemetry\.metricsDisabledJustification given while metrics is on/],
    [{ tracing: { collectorService: 'otel', samplingPercentage: 101 } }, /tracing\.samplingPercentage out of range 101: expected a percentage from 0 to 100/],
    [{ tracing: { collectorService: 'otel', samplingPercentage: -0.5 } }, /tracing\.samplingPercentage out of range -0\.5/],
    [{ tracing: { collectorService: 'otel', samplingPercentage: Number.NaN } }, /tracing\.samplingPercentage out of range/],
    [{ tracing: { collectorService: 'otel', port: 0 } }, /tracing\.port out of range 0: expected an integer from 1 to 65535/],
    [{ tracing: { collectorService: 'otel', port: 4317.5 } }, /tracing\.port out of range 4317\.5/],
    [{ tracing: { collectorService: 'Otel_Collector' } }, /invalid tracing collector service "Otel_Collector": expected a DNS-1035 label.*fix: set tracing\.collectorService to a valid name, e\.g\. "otel-collector"/],
    [{ tracing: { collectorService: 'otel', collectorNamespace: 'Observability' } }, /invalid tracing collector namespace "Observability": expected a DNS-1123 label/],
  ])('rejects %j', (options, message) => {
    expect(() => telemetryOf(options as MeshTelemetryOptions)).toThrow(message);
  });

  it('names the mesh telemetry construct path in errors', () => {
    expect(() => telemetryOf({ accessLogging: false })).toThrow(/^test\/mesh\/Telemetry: /);
  });

  it('refuses a second MeshTelemetry for the same mesh', () => {
    const { c, mesh } = telemetryOf();
    expect(() => new MeshTelemetry(c, 'more', { mesh })).toThrow(/test\/more: second mesh-wide Telemetry for the mesh.*already defined by test\/mesh\/Telemetry.*fix: configure the mesh's telemetry with MeshProps\.telemetry/);
  });

  it('exposes the Telemetry ApiObject as an escape hatch', () => {
    const { mesh } = telemetryOf();
    expect(mesh.telemetry.resource.kind).toBe('Telemetry');
    expect(mesh.telemetry.resource.name).toBe('mesh-default');
  });
});

describe('misspelt telemetry options', () => {
  it.each([
    [{ accesLogging: false }, /unknown telemetry option "accesLogging": expected one of mesh, accessLogging/],
    [{ tracing: { collectorService: 'otel', sampling: 5 } }, /unknown telemetry\.tracing option "sampling": expected one of collectorService/],
  ])('are rejected: %j', (options, message) => {
    expect(() => new Mesh(chart(), 'mesh', { telemetry: options as MeshTelemetryOptions })).toThrow(message);
  });
});
