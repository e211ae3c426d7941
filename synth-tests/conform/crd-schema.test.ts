// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest';
import { Conformance, ConformanceErrorType } from '../../lib/conform';
import { check, lines, widget, widgets } from './fixtures';

describe('custom resources: OpenAPI schema', () => {
  test('a valid object has no errors', async () => {
    const report = await check(widget({ size: 'small', port: 80, selector: { app: 'shop' }, tags: ['a', 'b'] }));
    expect(report.errors).toEqual([]);
    expect(report.objects).toBe(1);
  });

  test('an unknown field is an error with its path', async () => {
    const report = await check(widget({ size: 'small', colour: 'red', targetRef: { name: 'x', kind: 'Service' } }));
    expect(report.errors).toMatchObject([
      { path: 'spec.colour', message: 'unknown field "colour"', type: ConformanceErrorType.UNKNOWN_FIELD, kind: 'Widget', name: 'w', namespace: 'shop' },
      { path: 'spec.targetRef.kind', type: ConformanceErrorType.UNKNOWN_FIELD },
    ]);
  });

  test('an unknown top-level field is an error', async () => {
    const report = await check({ ...widget({ size: 'small' }), data: {} });
    expect(lines(report.errors)).toEqual(['data: unknown field "data"']);
  });

  test('x-kubernetes-preserve-unknown-fields keeps anything', async () => {
    const report = await check(widget({ size: 'small', extra: { a: { b: [1, 'x', null] } } }));
    expect(report.errors).toEqual([]);
  });

  test('a wrong type is an error, and blocks the CEL rules as the API server does', async () => {
    const report = await check(widget({ size: 'small', replicas: '3' }));
    expect(lines(report.errors)).toEqual([
      'spec.replicas: invalid value "3": must be of type integer, got string',
      '' + ': some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    expect(report.celRulesEvaluated).toBe(0);
  });

  test('a value outside the enum is an error listing the allowed values', async () => {
    const report = await check(widget({ size: 'huge' }));
    expect(report.errors[0]).toMatchObject({
      path: 'spec.size',
      message: 'unsupported value "huge": supported values: "small", "medium", "large"',
      type: ConformanceErrorType.SCHEMA,
    });
  });

  test('a missing required field is reported at its own path', async () => {
    const report = await check(widget({ port: 80 }));
    expect(lines(report.errors)[0]).toBe('spec.size: required value');
  });

  test('minimum and map value constraints apply', async () => {
    const report = await check(widget({ size: 'small', replicas: -1, selector: { app: 'much-too-long' } }));
    expect(lines(report.errors)).toEqual([
      'spec.replicas: invalid value -1: should be >= 0',
      'spec.selector[app]: too long: may not be more than 8 characters',
      ': some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('x-kubernetes-int-or-string accepts integers and strings only', async () => {
    expect((await check(widget({ size: 'small', port: 'http' }))).errors).toEqual([]);
    expect((await check(widget({ size: 'small', port: 8080 }))).errors).toEqual([]);
    expect(lines((await check(widget({ size: 'small', port: 1.5 }))).errors)[0])
      .toBe('spec.port: invalid value 1.5: must be of type integer or string, got number');
  });

  test('nullable allows null; null in a non-nullable field is pruned, not rejected', async () => {
    expect((await check(widget({ size: 'small', timeout: null }))).errors).toEqual([]);
    expect((await check(widget({ size: 'small', endpoint: null }))).errors).toEqual([]);
  });

  test('x-kubernetes-list-type set rejects duplicates', async () => {
    const report = await check(widget({ size: 'small', tags: ['a', 'b', 'a'] }));
    expect(lines(report.errors)).toEqual(['spec.tags[2]: duplicate value: "a"']);
  });

  test('status is dropped on create when the status subresource is enabled', async () => {
    const report = await check({ ...widget({ size: 'small' }), status: { ready: 'yes', bogus: 1 } });
    expect(report.errors).toEqual([]);
  });

  test('metadata: name must be an RFC 1123 subdomain, labels must be valid', async () => {
    const report = await check(widget({ size: 'small' }, { name: 'My_Widget', labels: { 'bad key': 'v', ok: 'not ok!' } }));
    expect(report.errors.map((e) => [e.path, e.type])).toEqual([
      ['metadata.name', ConformanceErrorType.METADATA],
      ['metadata.labels[bad key]', ConformanceErrorType.METADATA],
      ['metadata.labels[ok]', ConformanceErrorType.METADATA],
    ]);
  });

  test('metadata: name or generateName is required; annotation values must be strings', async () => {
    const obj = widget({ size: 'small' }, { name: undefined, annotations: { enabled: true } });
    expect(lines((await check(obj)).errors)).toEqual([
      'metadata.name: required value: name or generateName is required',
      'metadata.annotations[enabled]: invalid value true: must be a string',
    ]);
  });

  test('a version that is not served has no schema', async () => {
    const report = await check({ ...widget({ size: 'small' }), apiVersion: 'test.cdk8s-mesh.dev/v1alpha1' });
    expect(report.errors).toMatchObject([{
      type: ConformanceErrorType.NO_SCHEMA,
      message: 'no schema for kind Widget in group test.cdk8s-mesh.dev version v1alpha1; pass its CRD with --crds',
    }]);
  });

  test('an unknown kind is rejected', async () => {
    const report = await widgets().validate([{ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } }]);
    expect(report.errors).toMatchObject([{
      kind: 'Gizmo',
      name: 'g',
      type: ConformanceErrorType.NO_SCHEMA,
      message: 'no schema for kind Gizmo in group example.com; pass its CRD with --crds',
    }]);
  });

  test('documents that are not objects are rejected', async () => {
    const report = await widgets().validate(['text', { kind: 'Widget' }]);
    expect(report.errors.map((e) => e.message)).toEqual(['document is not an object', 'required value: object has no apiVersion']);
  });

  test('custom kinds are listed per served version', () => {
    expect(widgets().customResourceKinds).toEqual(['test.cdk8s-mesh.dev/v1 Widget']);
    expect(Conformance.coreOnly().customResourceKinds).toEqual([]);
  });

  test('a malformed CRD is refused when loading', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x.y' }, spec: { names: { kind: 'X' } } };
    expect(() => Conformance.fromCrdObjects([crd])).toThrow(/invalid CustomResourceDefinition x.y: spec.group is missing/);
  });
});
