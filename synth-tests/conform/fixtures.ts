// SPDX-License-Identifier: Apache-2.0
import * as path from 'node:path';
import { Conformance, ConformanceError, ConformanceReport } from '../../lib/conform';

/** The test fixtures: tiny hand-written CRDs and manifests (never the real CRDs). */
export const FIXTURES = path.join(__dirname, 'fixtures');
export const WIDGET_CRD = path.join(FIXTURES, 'crds', 'widgets.yaml');
export const VALID_MANIFESTS = path.join(FIXTURES, 'manifests', 'valid.yaml');
export const INVALID_MANIFESTS = path.join(FIXTURES, 'manifests', 'invalid.yaml');
export const BAD_YAML = path.join(FIXTURES, 'bad.yaml');

let shared: Conformance | undefined;

/** A Conformance with the Widget CRD, created once. */
export function widgets(): Conformance {
  shared ??= Conformance.fromFiles([WIDGET_CRD]);
  return shared;
}

/** A Widget object with the given spec. */
export function widget(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'test.cdk8s-mesh.dev/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop', ...metadata },
    spec,
  };
}

/** Validates one object with the Widget CRD. */
export async function check(obj: unknown): Promise<ConformanceReport> {
  return widgets().validate([obj]);
}

/** The errors of a report as `path: message` lines, for readable assertions. */
export function lines(errors: readonly ConformanceError[]): string[] {
  return errors.map((e) => `${e.path}: ${e.message}`);
}
