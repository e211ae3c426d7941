// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest';
import { Conformance, ConformanceErrorType } from '../../lib/conform';
import { check, lines, widget } from './fixtures';

describe('custom resources: x-kubernetes-validations CEL rules', () => {
  test('a failing rule reports its message, the rule text and the node path', async () => {
    const report = await check(widget({ size: 'small', selector: { app: 'shop' }, targetRef: { name: 'x' } }));
    expect(report.errors).toEqual([expect.objectContaining({
      path: 'spec',
      message: 'only one of selector or targetRef can be set',
      rule: '!(has(self.selector) && has(self.targetRef))',
      reason: 'FieldValueInvalid',
      type: ConformanceErrorType.CEL_RULE,
    })]);
  });

  test('transition rules (oldSelf) are skipped and counted', async () => {
    const report = await check(widget({ size: 'small' }));
    expect(report.errors).toEqual([]);
    // spec: 3 rules evaluated, the `oldSelf` one skipped
    expect(report.celRulesEvaluated).toBe(3);
    expect(report.celRulesSkipped).toBe(1);
  });

  test('rules run on every value at their node: list items, int-or-string, nullable', async () => {
    const report = await check(widget({ size: 'small', port: 443, timeout: '5s', tags: ['a', 'B', 'c'] }));
    expect(lines(report.errors)).toEqual(['spec.tags[1]: tags must be lower case']);
    expect(report.celRulesEvaluated).toBe(3 + 1 + 1 + 3);
  });

  test('JSON integers are CEL ints: int-or-string port range', async () => {
    const report = await check(widget({ size: 'small', port: 70000 }));
    expect(lines(report.errors)).toEqual(['spec.port: port must be between 1 and 65535']);
  });

  test('null values are not evaluated', async () => {
    const report = await check(widget({ size: 'small', timeout: null }));
    expect(report.errors).toEqual([]);
    expect(report.celRulesEvaluated).toBe(3);
  });

  test('duration() compares Go-style durations', async () => {
    expect(lines((await check(widget({ size: 'small', timeout: '0.5ms' }))).errors))
      .toEqual(['spec.timeout: timeout must be at least 1ms']);
    expect((await check(widget({ size: 'small', timeout: '1h30m' }))).errors).toEqual([]);
  });

  test('messageExpression, reason and fieldPath shape the error', async () => {
    const report = await check(widget({ size: 'small', replicas: 12 }));
    expect(report.errors).toEqual([expect.objectContaining({
      path: 'spec.replicas',
      message: 'replicas must be at most 10, got 12',
      reason: 'FieldValueForbidden',
      rule: 'self.replicas <= 10',
    })]);
  });

  test('defaults are applied before rules run (self.replicas exists although not set)', async () => {
    const report = await check(widget({ size: 'small' }));
    expect(report.errors.filter((e) => e.type === ConformanceErrorType.CEL_EVALUATION)).toEqual([]);
  });

  test('url() and getScheme() from the Kubernetes library', async () => {
    expect((await check(widget({ size: 'small', endpoint: 'https://example.com/x' }))).errors).toEqual([]);
    expect(lines((await check(widget({ size: 'small', endpoint: 'ftp://example.com/x' }))).errors))
      .toEqual(['spec: endpoint must be an http or https URL']);
  });

  test('an evaluation error is a conform error, never a pass', async () => {
    const report = await check(widget({ size: 'small', endpoint: 'not a url' }));
    expect(report.errors).toEqual([expect.objectContaining({
      path: 'spec',
      type: ConformanceErrorType.CEL_EVALUATION,
      message: 'URL parse error during conversion from string: invalid URI for request evaluating rule',
      rule: expect.stringContaining('url(self.endpoint)'),
    })]);
  });

  test('a rule that does not compile (unknown function) is reported, on load and per object', async () => {
    const conformance = Conformance.fromCrdObjects([gadgetCrd([
      { rule: 'self.size() > 0' },
      { rule: 'frobnicate(self) == 1' },
      { rule: 'self.nosuch()' },
      { rule: 'slef == ""' },
    ])]);
    expect(conformance.celRuleCount).toBe(4);
    expect(conformance.celRuleCompileErrors).toEqual([
      "test.cdk8s-mesh.dev/v1 Gadget spec.name: frobnicate(self) == 1: undeclared reference to function 'frobnicate()' with 1 argument",
      "test.cdk8s-mesh.dev/v1 Gadget spec.name: self.nosuch(): undeclared reference to method '.nosuch()' with 0 arguments",
      "test.cdk8s-mesh.dev/v1 Gadget spec.name: slef == \"\": undeclared reference to 'slef'",
    ]);
    const report = await conformance.validate([gadget('x')]);
    expect(report.errors.map((e) => [e.type, e.rule])).toEqual([
      [ConformanceErrorType.CEL_EVALUATION, 'frobnicate(self) == 1'],
      [ConformanceErrorType.CEL_EVALUATION, 'self.nosuch()'],
      [ConformanceErrorType.CEL_EVALUATION, 'slef == ""'],
    ]);
    expect(report.errors[0].message).toMatch(/^rule does not compile: undeclared reference/);
  });

  test('rules on the root see apiVersion, kind and metadata.name', async () => {
    const crd = gadgetCrd([]);
    (crd.spec.versions[0].schema.openAPIV3Schema as Record<string, unknown>)['x-kubernetes-validations'] = [
      { rule: "self.metadata.name.startsWith('g-') && self.kind == 'Gadget'", message: 'name must start with g-' },
      { rule: "!has(self.metadata.namespace)", message: 'only name and generateName are visible' },
    ];
    const report = await Conformance.fromCrdObjects([crd]).validate([gadget('x', 'x-1'), gadget('x', 'g-1')]);
    expect(report.errors.map((e) => `${e.name}: ${e.message}`)).toEqual(['x-1: name must start with g-']);
  });

  test('property names that are CEL keywords or contain dashes are escaped as Kubernetes does', async () => {
    const crd = gadgetCrd([]);
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec = {
      'type': 'object',
      'properties': { 'namespace': { type: 'string' }, 'dash-ed': { type: 'string' } },
      'x-kubernetes-validations': [{ rule: "self.__namespace__ != self.dash__dash__ed", message: 'must differ' }],
    } as never;
    const conformance = Conformance.fromCrdObjects([crd]);
    const report = await conformance.validate([{ ...gadget('x'), spec: { 'namespace': 'a', 'dash-ed': 'a' } }]);
    expect(lines(report.errors)).toEqual(['spec: must differ']);
  });

  test('embedded resources allow apiVersion, kind and metadata, whose metadata is checked', async () => {
    const crd = gadgetCrd([]);
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec = {
      type: 'object',
      properties: {
        template: {
          'type': 'object',
          'x-kubernetes-embedded-resource': true,
          'properties': { data: { type: 'object', additionalProperties: { type: 'string' } } },
          'x-kubernetes-validations': [{ rule: "self.kind == 'ConfigMap'", message: 'only ConfigMaps' }],
        },
      },
    } as never;
    const conformance = Conformance.fromCrdObjects([crd]);
    const template = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Bad_Name' }, data: { a: 'b' }, extra: 1 };
    const report = await conformance.validate([{ ...gadget('x'), spec: { template } }]);
    expect(lines(report.errors)).toEqual([
      'spec.template.extra: unknown field "extra"',
      expect.stringMatching(/^spec.template.metadata.name: invalid value "Bad_Name": a lowercase RFC 1123 subdomain/),
      'spec.template: only ConfigMaps',
    ]);
  });

  test('a rule that does not return a bool is an error', async () => {
    const report = await Conformance.fromCrdObjects([gadgetCrd([{ rule: 'self + "!"' }])]).validate([gadget('x')]);
    expect(lines(report.errors)).toEqual(['spec.name: rule did not evaluate to a bool']);
  });
});

function gadgetCrd(rules: Array<Record<string, string>>) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.test.cdk8s-mesh.dev' },
    spec: {
      group: 'test.cdk8s-mesh.dev',
      scope: 'Namespaced',
      names: { kind: 'Gadget', plural: 'gadgets' },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { name: { 'type': 'string', 'x-kubernetes-validations': rules } } },
            },
          },
        },
      }],
    },
  };
}

function gadget(name: string, objectName = 'g') {
  return { apiVersion: 'test.cdk8s-mesh.dev/v1', kind: 'Gadget', metadata: { name: objectName, namespace: 'n' }, spec: { name } };
}
