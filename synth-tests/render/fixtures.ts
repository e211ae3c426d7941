// SPDX-License-Identifier: Apache-2.0
/**
 * Hand-built inventories and access matrices for the access graph tests: one namespace per
 * proxy model, so every fill and shape appears once.
 */
import { parseAllDocuments } from 'yaml';
import type { AccessMatrix, MatrixCell, MatrixDestination, MatrixSource } from '../../lib/analyze/authz/types';
import { Inventory } from '../../lib/analyze/inventory';

/** An inventory of the objects in `yaml` (multi-document). */
export function inventoryOf(yaml: string): Inventory {
  const objects = parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  return Inventory.fromObjects(objects.map((object) => ({ object })));
}

/** A Deployment (pod label `app: <name>`) and, unless `service` is false, a Service selecting it. */
export function app(ns: string, name: string, o: { ports?: number[]; podLabels?: Record<string, string>; labels?: Record<string, string>; annotations?: Record<string, string>; service?: boolean } = {}): string {
  const json = (x: unknown) => JSON.stringify(x);
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${json(name)}, namespace: ${json(ns)}, labels: ${json(o.labels ?? {})} }
spec:
  selector: { matchLabels: { app: ${json(name)} } }
  template:
    metadata: { labels: ${json({ app: name, ...o.podLabels })}, annotations: ${json(o.annotations ?? {})} }
    spec: { serviceAccountName: ${json(name)}, containers: [{ name: app, image: app }] }
`;
  if (o.service === false) return deployment;
  return `${deployment}---
apiVersion: v1
kind: Service
metadata: { name: ${json(name)}, namespace: ${json(ns)} }
spec:
  selector: { app: ${json(name)} }
  ports: ${json((o.ports ?? [8080]).map((port) => ({ port })))}
`;
}

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string>): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${JSON.stringify(name)}, labels: ${JSON.stringify(labels)} }\n`;
}

const RISK = 'mesh.cdk8s.io/risk-profile';

/** One namespace per data plane: shop (sidecar, high), pay (ambient + waypoint, medium), edge (ambient, low), legacy (none), cil (shared node), grpc (proxyless), mix (mixed). */
export const MESH_YAML = [
  namespace('shop', { 'istio-injection': 'enabled', [RISK]: 'high' }),
  app('shop', 'web'),
  app('shop', 'cart', { ports: [8080, 9090] }),
  app('shop', 'loadgen', { service: false, labels: { [RISK]: 'low' } }),
  namespace('pay', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'pay-waypoint', [RISK]: 'medium' }),
  app('pay', 'payments', { ports: [8443] }),
  namespace('edge', { 'istio.io/dataplane-mode': 'ambient', [RISK]: 'low' }),
  app('edge', 'proxy', { ports: [80] }),
  namespace('legacy', { [RISK]: 'low' }),
  app('legacy', 'db', { ports: [5432] }),
  namespace('cil', { [RISK]: 'low' }),
  app('cil', 'catalog'),
  'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: catalog, namespace: cil }\nspec: { endpointSelector: { matchLabels: { app: catalog } } }\n',
  namespace('grpc', { 'istio-injection': 'enabled', [RISK]: 'medium' }),
  app('grpc', 'ledger', { ports: [50051], annotations: { 'inject.istio.io/templates': 'grpc-agent' } }),
  namespace('mix', { [RISK]: 'medium' }),
  app('mix', 'mix'),
  app('mix', 'mix-b', { service: false, podLabels: { app: 'mix', 'sidecar.istio.io/inject': 'true' } }),
].join('---\n');

/** A destination column. */
export function dest(namespace: string, service: string, port: number, protocol = 'http'): MatrixDestination {
  return { namespace, service, port, protocol };
}

/** A cell; `conditions` empty means `always`. */
export function cell(source: string, destination: MatrixDestination, conditions: string[] = []): MatrixCell {
  return { source, destination, access: conditions.length === 0 ? 'always' : 'conditional', conditions: [...conditions].sort(), rules: ['ns[x]-policy[y]-rule[0]'] };
}

/** The principal of a workload of MESH_YAML (its ServiceAccount is named after it). */
export function sa(ns: string, name: string): string {
  return `cluster.local/ns/${ns}/sa/${name}`;
}

/** A partner identity from another trust domain. */
export const PARTNER = 'partner.example/ns/billing/sa/client';

const D = {
  web: dest('shop', 'web', 8080),
  cart: dest('shop', 'cart', 8080),
  cartGrpc: dest('shop', 'cart', 9090, 'grpc'),
  payments: dest('pay', 'payments', 8443),
  proxy: dest('edge', 'proxy', 80),
  db: dest('legacy', 'db', 5432, 'tcp'),
  catalog: dest('cil', 'catalog', 8080),
  ledger: dest('grpc', 'ledger', 50051, 'grpc'),
  mix: dest('mix', 'mix', 8080),
};

/** The access matrix drawn in most tests: 13 cells, 6 sources, 9 destination ports. */
export function meshMatrix(): AccessMatrix {
  const sources: MatrixSource[] = [
    { principal: '*', workloads: [] },
    { principal: PARTNER, workloads: [] },
    { principal: sa('cil', 'catalog'), workloads: ['cil/catalog'] },
    { principal: sa('edge', 'proxy'), workloads: ['edge/proxy'] },
    { principal: sa('shop', 'cart'), workloads: ['shop/cart'] },
    { principal: sa('shop', 'loadgen'), workloads: ['shop/loadgen'] },
    { principal: sa('shop', 'web'), workloads: ['shop/web'] },
    { principal: 'plaintext', workloads: [] },
  ];
  const cells: MatrixCell[] = [
    cell('*', D.proxy),
    cell(PARTNER, D.ledger, ['/ledger.Ledger/Get']),
    cell(sa('edge', 'proxy'), D.web),
    cell(sa('shop', 'cart'), D.payments, ['POST /charge with jwt iss=https://idp scope=pay']),
    cell(sa('shop', 'loadgen'), D.web, ['GET /']),
    cell(sa('shop', 'web'), D.cart),
    cell(sa('shop', 'web'), D.cartGrpc, ['/cart.Cart/Add', '/cart.Cart/Get', '/cart.Cart/List', '/cart.Cart/Remove', '/cart.Cart/Update']),
    cell(sa('shop', 'web'), D.catalog),
    cell(sa('shop', 'web'), D.mix, ['GET /mix']),
    cell(sa('shop', 'web'), D.mix, ['HEAD /mix']),
    cell('plaintext', D.db),
    cell(sa('cil', 'catalog'), D.db),
    cell(sa('shop', 'cart'), D.db),
  ];
  return { sources, destinations: Object.values(D), cells };
}
