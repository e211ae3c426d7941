// SPDX-License-Identifier: Apache-2.0
/**
 * Helpers of the access matrix tests: inventories from YAML, charts and folders, the matrix in
 * a compact text form tests assert on, and a generator of large meshes (plain objects, no SDK)
 * for the issue 7 performance goal.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Inventory } from '../../../lib/analyze/inventory';
import { inventoryOfPaths, matrixOfInventory } from '../../../lib/analyze/authz/matrix-load';
import type { AccessMatrix } from '../../../lib/analyze/authz/types';

/** The hand-written Istio YAML of the engine's tests (read-only here). */
export const ENGINE_YAML = path.join(__dirname, '..', 'yaml');
/** This folder's own fixtures. */
export const FIXTURES = path.join(__dirname, 'fixtures');

/** An inventory of multi-document YAML text. */
export function inventoryOfYaml(yaml: string): Inventory {
  const objects = parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  return Inventory.fromObjects(objects.map((object) => ({ object })), { rootNamespace: 'istio-system' });
}

/** An inventory of a synthesized chart. */
export function inventoryOfChart(chart: Chart): Inventory {
  return Inventory.fromObjects((Testing.synth(chart) as unknown[]).map((object) => ({ object })), { rootNamespace: 'istio-system' });
}

/** The access matrix of YAML text, a chart, or files and folders. */
export function matrixOf(input: string | Chart | readonly string[]): AccessMatrix {
  const inventory = typeof input === 'string' ? inventoryOfYaml(input) : Array.isArray(input) ? inventoryOfPaths(input as string[]) : inventoryOfChart(input as Chart);
  return matrixOfInventory(inventory);
}

/** One line per cell: `<source> -> <service>.<ns>:<port> <access>: <conditions; …>`. */
export function cellLines(matrix: AccessMatrix): string[] {
  return matrix.cells.map((c) => `${c.source} -> ${c.destination.service}.${c.destination.namespace}:${c.destination.port} ${c.access}: ${c.conditions.join('; ')}`);
}

/** A temporary folder with `files` (name → YAML text); removed by the caller with `fs.rmSync`. */
export function tempManifests(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Size of a generated mesh. */
export interface LargeMeshSize {
  readonly namespaces: number;
  readonly services: number;
  readonly policies: number;
}

/** The issue 7 benchmark size: 2,000 Services and Deployments, 10,000 AuthorizationPolicies, 20 namespaces. */
export const BENCH_SIZE: LargeMeshSize = { namespaces: 20, services: 2000, policies: 10000 };

/**
 * A large sidecar mesh as plain objects: `services` Deployments and Services spread over
 * `namespaces` namespaces, each namespace with STRICT mTLS and allow-nothing, and
 * `policies` AuthorizationPolicies (ALLOWs from named callers with methods and paths, from
 * namespaces, with JWT conditions, and DENYs), deterministic (a fixed pseudo-random sequence).
 */
export function generateLargeMesh(size: LargeMeshSize = BENCH_SIZE): unknown[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const perNs = Math.ceil(size.services / size.namespaces);
  const ns = (i: number) => `ns-${String(Math.floor(i / perNs)).padStart(2, '0')}`;
  const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
  const principal = (i: number) => `cluster.local/ns/${ns(i)}/sa/${name(i)}`;
  const out: unknown[] = [
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } },
  ];
  for (let n = 0; n < size.namespaces; n++) {
    const namespace = `ns-${String(n).padStart(2, '0')}`;
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } } });
    out.push({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace }, spec: {} });
    out.push({
      apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'jwt', namespace },
      spec: { jwtRules: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks.json' }] },
    });
  }
  for (let i = 0; i < size.services; i++) {
    const labels = { app: name(i) };
    const tcp = i % 10 === 9;
    out.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: name(i), namespace: ns(i) },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: name(i), containers: [{ name: 'app', image: `registry.example/${name(i)}:1`, ports: [{ containerPort: 8080 }] }] } } },
    });
    out.push({
      apiVersion: 'v1', kind: 'Service', metadata: { name: name(i), namespace: ns(i) },
      spec: { selector: labels, ports: [{ name: tcp ? 'tcp' : 'http', port: 8080, targetPort: 8080 }] },
    });
  }
  const extra = size.policies - size.namespaces;
  for (let k = 0; k < extra; k++) {
    const i = k % size.services;
    const variant = Math.floor(k / size.services);
    const caller = next(size.services);
    const meta = { name: `${name(i)}-policy-${variant}`, namespace: ns(i) };
    const selector = { matchLabels: { app: name(i) } };
    let spec: Record<string, unknown>;
    switch (variant % 5) {
      case 0:
        spec = { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal(caller)] } }], to: [{ operation: { methods: ['GET'], paths: [`/api/${variant}/*`] } }] }] };
        break;
      case 1:
        spec = { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: [principal(caller), principal(next(size.services))] } }], to: [{ operation: { methods: ['GET', 'POST'], paths: ['/orders', '/orders/*'] } }] }] };
        break;
      case 2:
        spec = { selector, action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [ns(caller)] } }], to: [{ operation: { methods: ['GET'], paths: ['/health'] } }] }] };
        break;
      case 3:
        spec = {
          selector, action: 'ALLOW',
          rules: [{ from: [{ source: { principals: [principal(caller)], requestPrincipals: ['https://idp.example.com/*'] } }], to: [{ operation: { methods: ['POST'], paths: ['/charge'] } }], when: [{ key: 'request.auth.claims[scope]', values: ['pay'] }] }],
        };
        break;
      default:
        spec = { selector, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/*'], ports: ['8080'] } }] }] };
    }
    out.push({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec });
  }
  return out;
}
