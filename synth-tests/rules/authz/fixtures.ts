// SPDX-License-Identifier: Apache-2.0
/** Small YAML builders for the authz, end-user and ingress rule tests (flow-style JSON is valid YAML). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeRef } from '../../../lib/analyze/manifest-object';
import type { Outcome } from '../../../lib/validate/rule';

type Labels = Record<string, string>;

/** YAML documents joined. */
export function yaml(...docs: string[]): string {
  return docs.join('\n---\n');
}

/** A Namespace. */
export function namespace(name: string, labels: Labels = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
}

/** Options of a workload. */
export interface WorkloadOptions {
  readonly pod?: Labels;
  readonly annotations?: Labels;
  readonly risk?: string;
  readonly sa?: string;
  readonly port?: number;
  readonly protocol?: string;
}

/** A Deployment `name` (pods labelled `app: name`) and its Service. */
export function workload(ns: string, name: string, o: WorkloadOptions = {}): string {
  const port = o.port ?? 8080;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: o.risk ? { 'mesh.cdk8s.io/risk-profile': o.risk } : {} },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...o.pod }, annotations: o.annotations ?? {} },
        spec: { serviceAccountName: o.sa ?? name, containers: [{ name: 'app', image: 'x', ports: [{ containerPort: port }] }] },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector: { app: name }, ports: [{ name: `${o.protocol ?? 'http'}-${port}`, port, targetPort: port, appProtocol: o.protocol ?? 'http' }] },
  };
  return yaml(JSON.stringify(deployment), JSON.stringify(service));
}

/** Labels of a sidecar-injected pod. */
export const SIDECAR: WorkloadOptions = { pod: { 'sidecar.istio.io/inject': 'true' } };
/** Labels of an ambient pod. */
export const AMBIENT: WorkloadOptions = { pod: { 'istio.io/dataplane-mode': 'ambient', 'sidecar.istio.io/inject': 'false' } };
/** Labels and annotations of a proxyless gRPC pod. */
export const PROXYLESS: WorkloadOptions = {
  pod: { 'sidecar.istio.io/inject': 'true' },
  annotations: { 'inject.istio.io/templates': 'grpc-agent' },
  protocol: 'grpc',
};

/** An AuthorizationPolicy with the given spec (and annotations). */
export function authz(ns: string, name: string, spec: Record<string, unknown>, annotations: Labels = {}): string {
  return JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns, annotations }, spec });
}

/** A RequestAuthentication with the given spec. */
export function requestAuthn(ns: string, name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name, namespace: ns }, spec });
}

/** Any object. */
export function object(apiVersion: string, kind: string, ns: string | undefined, name: string, spec: Record<string, unknown>, annotations: Labels = {}, labels: Labels = {}): string {
  return JSON.stringify({ apiVersion, kind, metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}), annotations, labels }, spec });
}

/** `{ selector: { matchLabels: { app } } }`. */
export function selectApp(app: string): { selector: { matchLabels: Labels } } {
  return { selector: { matchLabels: { app } } };
}

/** An ALLOW rule from one principal of the `cluster.local` trust domain. */
export function from(ns: string, sa: string, operation?: Record<string, unknown>): Record<string, unknown> {
  return { from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/${sa}`] } }], ...(operation ? { to: [{ operation }] } : {}) };
}

/** A Gateway API Gateway of class istio (or another class). */
export function gateway(ns: string, name: string, listeners: Record<string, unknown>[], className = 'istio', annotations: Labels = {}): string {
  return object('gateway.networking.k8s.io/v1', 'Gateway', ns, name, { gatewayClassName: className, listeners }, annotations);
}

/** An HTTPS listener. */
export function httpsListener(name = 'https', port = 443): Record<string, unknown> {
  return { name, port, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] } };
}

/** An HTTPRoute from Gateway `gwNs/gw` to Service `service` in `ns`. */
export function httpRoute(ns: string, name: string, gwNs: string, gw: string, rules: Record<string, unknown>[], sectionName?: string): string {
  return object('gateway.networking.k8s.io/v1', 'HTTPRoute', ns, name, {
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gw, namespace: gwNs, ...(sectionName ? { sectionName } : {}) }],
    rules,
  });
}

/** A route rule forwarding to a Service. */
export function toService(service: string, port = 8080): Record<string, unknown> {
  return { backendRefs: [{ name: service, port }] };
}

/**
 * The `_err` keys of a corpus file: `Kind ns/name` → the pattern the violation message about that
 * object must match (Istio-style invalid corpora carry the expected error next to the object).
 */
export function corpusErrors(file: string): Map<string, RegExp> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'corpus', file), 'utf8');
  const out = new Map<string, RegExp>();
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string }; _err?: string } | null;
    if (!o || typeof o._err !== 'string') continue;
    const ns = o.metadata?.namespace;
    out.set(`${o.kind} ${ns === undefined ? '' : `${ns}/`}${o.metadata?.name}`, new RegExp(o._err));
  }
  return out;
}

/** Asserts that the violations are exactly the corpus objects carrying `_err`, with matching messages. */
export function expectCorpusErrors(outcomes: readonly Outcome[], file: string): void {
  const errors = corpusErrors(file);
  const bad = outcomes.filter((o) => !o.compliant);
  expect(bad.map((o) => describeRef(o.subject)).sort()).toEqual([...errors.keys()].sort());
  for (const o of bad) expect(o.message).toMatch(errors.get(describeRef(o.subject))!);
}
