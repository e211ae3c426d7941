// SPDX-License-Identifier: Apache-2.0
/** YAML builders for the egress, resilience, telemetry and extensions rule tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { MeshRule } from '../../../lib/validate/rule';
import { checkCorpus, violations } from '../harness';

const json = (v: unknown) => JSON.stringify(v);

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${json(labels)} }
`;
}

/** Options of a Deployment fixture. */
export interface DeploymentOptions {
  readonly pod?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly risk?: string;
  /** The `containers` list as JSON-compatible objects. @default one container with a readiness probe */
  readonly containers?: readonly Record<string, unknown>[];
  readonly kind?: string;
}

/** A Deployment `name` in `ns` whose pods carry `app: <name>` and the given labels. */
export function deployment(name: string, ns: string, opts: DeploymentOptions = {}): string {
  const containers = opts.containers ?? [{ name: 'app', image: 'x', readinessProbe: { tcpSocket: { port: 8080 } } }];
  return `---
apiVersion: apps/v1
kind: ${opts.kind ?? 'Deployment'}
metadata: { name: ${name}, namespace: ${ns}, labels: ${json(opts.risk ? { 'mesh.cdk8s.io/risk-profile': opts.risk } : {})} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: ${json({ app: name, ...opts.pod })}, annotations: ${json(opts.annotations ?? {})} }
    spec: { serviceAccountName: ${name}, containers: ${json(containers)} }
`;
}

/** A ClusterIP Service `name` in `ns` selecting `app: <name>`. */
export function service(name: string, ns: string, ports: readonly number[] = [8080]): string {
  return `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { app: ${name} }, ports: ${json(ports.map((p) => ({ name: `http-${p}`, port: p })))} }
`;
}

/** Any object, written as JSON (valid YAML). */
export function object(apiVersion: string, kind: string, name: string, ns: string | undefined, spec: unknown, extra: Record<string, unknown> = {}): string {
  return `---\n${json({ apiVersion, kind, metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}), ...extra }, spec })}\n`;
}

/** The root namespace's `istio` mesh config ConfigMap with `mesh` as its `data.mesh`. */
export function meshConfig(mesh: Record<string, unknown>): string {
  return `---\n${json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: json(mesh) } })}\n`;
}

/** Pod labels of the data planes the inventory detects. */
export const SIDECAR = { pod: { 'sidecar.istio.io/inject': 'true' } };
export const AMBIENT = { pod: { 'istio.io/dataplane-mode': 'ambient' } };
export const PROXYLESS = { pod: { 'sidecar.istio.io/inject': 'true' }, annotations: { 'inject.istio.io/templates': 'grpc-agent' } };

/**
 * Checks a corpus file: every object carrying an `_err` key must get a violation (subject of its
 * kind and name) whose message matches `_err` as a regular expression, and nothing else may be
 * non-compliant.
 */
export function expectCorpusErrors(rule: MeshRule, file: string): void {
  const docs = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'corpus', file), 'utf8')).map((d) => d.toJS() as Record<string, unknown> | null);
  const expected = docs.filter((d): d is Record<string, unknown> => d !== null && typeof d._err === 'string')
    .map((d) => ({ kind: String(d.kind), name: String((d.metadata as Record<string, unknown>).name), err: new RegExp(String(d._err)) }));
  const found = violations(checkCorpus(rule, file));
  for (const e of expected) {
    const hit = found.filter((v) => v.subject.kind === e.kind && v.subject.name === e.name);
    expect(hit.map((v) => v.message).join('\n'), `${e.kind} ${e.name}`).toMatch(e.err);
  }
  expect(found.map((v) => `${v.subject.kind} ${v.subject.name}`).sort()).toEqual(expected.map((e) => `${e.kind} ${e.name}`).sort());
}
