// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Mesh, MeshConfigDelivery, Conformance, type SharedMeshConfigOptions } from 'cdk8s-mesh';
import { meshConfigOf } from '../../constructs/private/mesh-config-registry';
import { mergeMeshConfig } from '../../lib/compile/mesh-config/merge-mesh-config';
import type { MeshConfigContribution } from '../../lib/model/mesh-config';
import { chart, objects, one } from '../helpers';

const otel = (source: string, port = 4317): MeshConfigContribution => ({
  source,
  extensionProviders: [{ name: 'otel', kind: 'opentelemetry', settings: { service: 'otel.observability.svc.cluster.local', port } }],
});
const authz = (source: string): MeshConfigContribution => ({
  source,
  extensionProviders: [{ name: 'ext-authz', kind: 'envoyExtAuthzGrpc', settings: { service: 'opa.authz.svc.cluster.local', port: 9191 } }],
});

describe('shared mesh config ConfigMap', () => {
  it('is emitted in the root namespace, named for SHARED_MESH_CONFIG, holding the fragment as YAML', () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh');
    const cm = one(c, 'ConfigMap', 'cdk8s-mesh-config');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.metadata).toEqual({
      name: 'cdk8s-mesh-config',
      namespace: 'istio-system',
      annotations: { 'mesh.cdk8s.io/istiod-env': 'SHARED_MESH_CONFIG=cdk8s-mesh-config' },
    });
    expect(Object.keys(cm.data)).toEqual(['mesh']);
    expect(parse(cm.data.mesh)).toEqual(mesh.meshConfig);
    expect(cm.data.mesh).toMatch(/^defaultConfig:\n {2}proxyMetadata:\n {4}SECRET_TTL: 1h0m0s\nextensionProviders:\n {2}- name: cdk8s-mesh-access-log\n {4}envoyFileAccessLog:\n/);
  });

  it('takes a custom name and namespace', () => {
    const c = chart();
    new Mesh(c, 'mesh', { meshConfigDelivery: MeshConfigDelivery.sharedConfigMap({ name: 'istio-user', namespace: 'istio-control' }) });
    const cm = one(c, 'ConfigMap', 'istio-user');
    expect(cm.metadata.namespace).toBe('istio-control');
    expect(cm.metadata.annotations).toEqual({ 'mesh.cdk8s.io/istiod-env': 'SHARED_MESH_CONFIG=istio-user' });
  });

  it('follows a custom root namespace by default', () => {
    const c = chart();
    new Mesh(c, 'mesh', { rootNamespace: 'mesh-root' });
    expect(one(c, 'ConfigMap', 'cdk8s-mesh-config').metadata.namespace).toBe('mesh-root');
  });

  it('is not emitted with manual delivery, but meshConfig still returns the fragment', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { meshConfigDelivery: MeshConfigDelivery.manual() });
    expect(objects(c, 'ConfigMap')).toEqual([]);
    expect(mesh.meshConfig.extensionProviders.map((p: any) => p.name)).toEqual(['cdk8s-mesh-access-log']);
    expect(MeshConfigDelivery.manual().name).toBe('manual');
    expect(MeshConfigDelivery.sharedConfigMap().name).toBe('sharedConfigMap');
  });

  it('always carries the path normalization that keeps DENY rules on paths sound, and the certificate lifetime', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { telemetry: { accessLogging: false, accessLoggingDisabledJustification: 'logs come from the ingress WAF (SEC-42)' } });
    expect(mesh.meshConfig).toEqual({ defaultConfig: { proxyMetadata: { SECRET_TTL: '1h0m0s' } }, pathNormalization: { normalization: 'DECODE_AND_MERGE_SLASHES' } });
    expect(parse(one(c, 'ConfigMap', 'cdk8s-mesh-config').data.mesh)).toEqual(mesh.meshConfig);
  });

  it('carries later contributions (lazy data) and sorts providers by name', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { telemetry: { tracing: { collectorService: 'otel-collector' } } });
    meshConfigOf(mesh, 'test').contribute(authz('test/authorizer'));
    const fragment = parse(one(c, 'ConfigMap', 'cdk8s-mesh-config').data.mesh);
    expect(fragment.extensionProviders.map((p: any) => p.name)).toEqual(['cdk8s-mesh-access-log', 'cdk8s-mesh-tracing', 'ext-authz']);
    expect(fragment).toEqual(mesh.meshConfig);
  });

  it('meshConfig is a fresh plain JSON object on every call', () => {
    const mesh = new Mesh(chart(), 'mesh');
    const first = mesh.meshConfig;
    first.extensionProviders.length = 0;
    expect(mesh.meshConfig.extensionProviders).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(mesh.meshConfig))).toEqual(mesh.meshConfig);
  });

  it('fails at the line that adds a conflicting provider, naming both constructs', () => {
    const mesh = new Mesh(chart(), 'mesh', { telemetry: { tracing: { collectorService: 'otel-collector' } } });
    const other = { source: 'test/other', extensionProviders: [{ name: 'cdk8s-mesh-tracing', kind: 'zipkin' as const, settings: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } }] };
    expect(() => meshConfigOf(mesh, 'test').contribute(other)).toThrow(/^test\/other: conflicting mesh config extension provider "cdk8s-mesh-tracing".*contributed by test\/mesh\/Telemetry/);
    expect(mesh.meshConfig.extensionProviders.map((p: any) => p.name)).toEqual(['cdk8s-mesh-access-log', 'cdk8s-mesh-tracing']);
  });

  it.each([
    [{ name: 'Istio_User' }, /invalid shared mesh config name "Istio_User": expected a DNS-1123 subdomain/],
    [{ namespace: 'Istio-System' }, /invalid shared mesh config namespace "Istio-System": expected a DNS-1123 label/],
    [{ nmae: 'istio-user' }, /unknown sharedConfigMap option "nmae": expected one of name, namespace/],
  ])('rejects the ConfigMap options %j', (options, message) => {
    expect(() => new Mesh(chart(), 'mesh', { meshConfigDelivery: MeshConfigDelivery.sharedConfigMap(options as SharedMeshConfigOptions) })).toThrow(message);
  });

  it('passes the admission check of core kinds', async () => {
    const c = chart();
    new Mesh(c, 'mesh', { telemetry: { tracing: { collectorService: 'otel-collector' } } });
    const report = await Conformance.coreOnly().validate(objects(c, 'ConfigMap'));
    expect(report.errors).toEqual([]);
  });

  it('synthesizes byte-identical YAML every time', () => {
    const build = () => {
      const c = chart();
      const mesh = new Mesh(c, 'mesh', { telemetry: { tracing: { collectorService: 'otel-collector', samplingPercentage: 5 } } });
      meshConfigOf(mesh, 'test').contribute(authz('test/authorizer'));
      return JSON.stringify(Testing.synth(c));
    };
    expect(build()).toBe(build());
  });
});

describe('mergeMeshConfig', () => {
  it('is empty for no contributions', () => {
    expect(mergeMeshConfig([])).toEqual({});
    expect(mergeMeshConfig([{ source: 'a' }, { source: 'b', extensionProviders: [], fields: {} }])).toEqual({});
  });

  it('does not depend on the order of contributions', () => {
    const a = [otel('a'), authz('b'), { source: 'c', fields: { defaultConfig: { proxyMetadata: { B: '2', A: '1' } }, accessLogEncoding: 'JSON' } }];
    const forward = JSON.stringify(mergeMeshConfig(a));
    const backward = JSON.stringify(mergeMeshConfig([...a].reverse()));
    expect(forward).toBe(backward);
    expect(Object.keys(mergeMeshConfig(a))).toEqual(['accessLogEncoding', 'defaultConfig', 'extensionProviders']);
    expect(Object.keys((mergeMeshConfig(a).defaultConfig as any).proxyMetadata)).toEqual(['A', 'B']);
  });

  it('writes each provider as { name, <kind>: settings } with sorted settings', () => {
    expect(mergeMeshConfig([otel('a')])).toEqual({ extensionProviders: [{ name: 'otel', opentelemetry: { port: 4317, service: 'otel.observability.svc.cluster.local' } }] });
    expect(Object.keys((mergeMeshConfig([otel('a')]).extensionProviders as any)[0])).toEqual(['name', 'opentelemetry']);
    expect(Object.keys((mergeMeshConfig([otel('a')]).extensionProviders as any)[0].opentelemetry)).toEqual(['port', 'service']);
  });

  it('keeps one copy of a provider contributed twice with the same settings', () => {
    const merged = mergeMeshConfig([otel('a'), otel('b')]);
    expect((merged.extensionProviders as any[]).map((p) => p.name)).toEqual(['otel']);
  });

  it('rejects two providers of one name with different settings', () => {
    expect(() => mergeMeshConfig([otel('a'), otel('b', 4318)])).toThrow(
      /^b: conflicting mesh config extension provider "otel" \{"name":"otel","opentelemetry":\{"port":4318,.*expected the same settings as the provider of that name contributed by a: .*"port":4317.*fix: give one of the providers another name/,
    );
  });

  it('rejects two providers of one name with different kinds', () => {
    const zipkin: MeshConfigContribution = { source: 'z', extensionProviders: [{ name: 'otel', kind: 'zipkin', settings: { service: 'otel.observability.svc.cluster.local', port: 4317 } }] };
    expect(() => mergeMeshConfig([otel('a'), zipkin])).toThrow(/conflicting mesh config extension provider "otel"/);
  });

  it('merges fields deeply and rejects different values for one field, naming the first contributor', () => {
    const a: MeshConfigContribution = { source: 'a', fields: { defaultConfig: { tracing: { sampling: 1 } } } };
    const b: MeshConfigContribution = { source: 'b', fields: { defaultConfig: { proxyMetadata: { X: '1' } } } };
    const c: MeshConfigContribution = { source: 'c', fields: { defaultConfig: { tracing: { sampling: 5 } } } };
    expect(mergeMeshConfig([a, b])).toEqual({ defaultConfig: { proxyMetadata: { X: '1' }, tracing: { sampling: 1 } } });
    expect(mergeMeshConfig([a, a])).toEqual({ defaultConfig: { tracing: { sampling: 1 } } });
    expect(() => mergeMeshConfig([a, b, c])).toThrow(/^c: conflicting mesh config field defaultConfig\.tracing\.sampling 5: expected 1, the value set by a; fix: set defaultConfig\.tracing\.sampling in one place only/);
    const list: MeshConfigContribution = { source: 'l', fields: { defaultConfig: { tracing: ['x'] } } };
    expect(() => mergeMeshConfig([a, list])).toThrow(/conflicting mesh config field defaultConfig\.tracing/);
  });

  it.each([
    [{ source: 's', extensionProviders: [{ name: 'prometheus', kind: 'opentelemetry', settings: {} }] }, /^s: extension provider name taken by an Istio built-in provider "prometheus"/],
    [{ source: 's', extensionProviders: [{ name: 'envoy', kind: 'envoyFileAccessLog', settings: {} }] }, /built-in provider "envoy"/],
    [{ source: 's', extensionProviders: [{ name: 'Ext_Authz', kind: 'envoyExtAuthzGrpc', settings: {} }] }, /^s: invalid extension provider name "Ext_Authz"/],
    [{ source: 's', extensionProviders: [{ name: '', kind: 'envoyExtAuthzGrpc', settings: {} }] }, /invalid extension provider name ""/],
    [{ source: 's', fields: { extensionProviders: [] } }, /^s: extensionProviders given as a plain mesh config field/],
  ])('rejects %j', (contribution, message) => {
    expect(() => mergeMeshConfig([contribution as MeshConfigContribution])).toThrow(message);
  });
});

describe('two meshes in one app', () => {
  it('may not emit the same shared mesh config ConfigMap', () => {
    const c = chart();
    new Mesh(c, 'a', { rootNamespace: 'mesh-a', meshConfigDelivery: MeshConfigDelivery.sharedConfigMap({ namespace: 'istio-system' }) });
    expect(() => new Mesh(c, 'b', { rootNamespace: 'mesh-b', meshConfigDelivery: MeshConfigDelivery.sharedConfigMap({ namespace: 'istio-system' }) }))
      .toThrow(/^test\/b: shared mesh config ConfigMap emitted by another mesh "istio-system\/cdk8s-mesh-config": expected a ConfigMap no other Mesh of the app emits \(test\/a does\)/);
    new Mesh(c, 'c', { rootNamespace: 'mesh-c', meshConfigDelivery: MeshConfigDelivery.sharedConfigMap({ name: 'mesh-c-config', namespace: 'istio-system' }) });
    expect(objects(c, 'ConfigMap').map((m) => m.metadata.name)).toEqual(['cdk8s-mesh-config', 'mesh-c-config']);
  });
});
