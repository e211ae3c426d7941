// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest';
import { Conformance, ConformanceErrorType } from '../../lib/conform';
import { lines } from './fixtures';

const core = Conformance.coreOnly();

function deployment(container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', ...container }] } },
      ...spec,
    },
  };
}

describe('built-in kinds: Kubernetes OpenAPI models', () => {
  test('a valid Deployment, Service, ServiceAccount, Namespace, NetworkPolicy pass', async () => {
    const report = await core.validate([
      deployment({ ports: [{ containerPort: 8080 }], resources: { limits: { cpu: '500m', memory: '128Mi' } } }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-all', namespace: 'shop' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { 'a.txt': 'x' } },
    ]);
    expect(report.errors).toEqual([]);
    expect(report.objects).toBe(6);
  });

  test('a Deployment with an unknown field is rejected with the field path', async () => {
    const report = await core.validate([deployment({ colour: 'blue' }, { strategy: { type: 'Recreate', bogus: 1 } })]);
    expect(report.errors.map((e) => [e.path, e.message, e.type])).toEqual([
      ['spec.template.spec.containers[0].colour', 'unknown field "colour"', ConformanceErrorType.UNKNOWN_FIELD],
      ['spec.strategy.bogus', 'unknown field "bogus"', ConformanceErrorType.UNKNOWN_FIELD],
    ]);
  });

  test('wrong types, enums and missing required fields are rejected', async () => {
    const report = await core.validate([deployment({ imagePullPolicy: 'Sometimes', name: undefined }, { replicas: 'two' })]);
    expect(lines(report.errors).sort()).toEqual([
      'spec.replicas: invalid value "two": must be of type integer, got string',
      'spec.template.spec.containers[0].imagePullPolicy: unsupported value "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.template.spec.containers[0].name: required value',
    ]);
  });

  test('maps (labels, data) are not mistaken for unknown fields, metadata fields are checked', async () => {
    const report = await core.validate([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', owner: 'me' }, data: { any: 'key' } },
    ]);
    expect(lines(report.errors)).toEqual(['metadata.owner: unknown field "owner"']);
  });

  test('name rules follow the kind: a Service name must be an RFC 1035 label', async () => {
    const report = await core.validate([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '1web.example', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
    ]);
    expect(report.errors.map((e) => `${e.kind} ${e.path}`)).toEqual(['Service metadata.name', 'Namespace metadata.name']);
  });

  test('a kind that neither the CRDs nor the models define is rejected', async () => {
    const report = await core.validate([
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'a' } },
      { apiVersion: '../../etc', kind: 'passwd', metadata: { name: 'a' } },
    ]);
    expect(report.errors.map((e) => e.message)).toEqual([
      'no schema for kind AuthorizationPolicy in group security.istio.io; pass its CRD with --crds',
      'no schema for kind Gizmo in group core; pass its CRD with --crds',
      'no schema for kind passwd in group ..; pass its CRD with --crds',
    ]);
  });
});
