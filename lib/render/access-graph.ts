// SPDX-License-Identifier: Apache-2.0
/**
 * The access graph: the access matrix drawn as nodes and arrows. Services are nodes grouped by
 * namespace; a source principal is drawn as the Services its workloads sit behind (or as the
 * workload itself when no Service selects it), and principals without a workload in the
 * manifests (`*`, plaintext peers, identities of other namespaces or trust domains) and identity
 * patterns (a namespace, a trust domain) get a node of their own, drawn only when they reach
 * something. One arrow per source node and destination Service carries every port with the
 * conditions under which it is allowed. Nodes are filled by risk profile and shaped by proxy
 * model (graph-style.ts); `toMermaid` and `toDot` only write this structure out.
 */
import type { AccessMatrix, MatrixCell } from '../analyze/authz/types';
import { type Inventory, type ServiceInfo, type Workload, RISK_ORDER } from '../analyze/inventory';
import type { RiskLevel } from '../model/mesh-model';
import {
  type GraphDataPlane, type LegendEntry, type NodeStyle, RISK_LEVELS,
  accessLegend, dataPlaneLegend, dataPlaneWords, peerLegend, peerStyle, riskLegend, workloadStyle,
} from './graph-style';

/**
 * What a node stands for: a Service, a workload no Service selects, a peer identity with no
 * workload in the manifests, an identity pattern (a namespace's `<td>/ns/<ns>/sa/*`, a trust domain's…),
 * any authenticated peer (`*`) or plaintext peers.
 */
export type GraphNodeKind = 'service' | 'workload' | 'peer' | 'peerPattern' | 'anyPeer' | 'plaintext';

/** One node of the access graph. */
export interface GraphNode {
  /** Stable identifier, safe in Mermaid and DOT (`[A-Za-z0-9_]`), e.g. `svc_shop__cart`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The Service or workload name; for peers the principal (`*`, `plaintext`, `<td>/ns/<ns>/sa/<sa>`). */
  readonly name: string;
  /** Services and workloads: their namespace; a namespace pattern matching workloads here: that namespace. */
  readonly namespace?: string;
  /** Services and workloads: the highest risk profile of the workloads (a Service without workloads: its namespace's). */
  readonly risk?: RiskLevel;
  /** Services and workloads: the data plane of the workloads (`none` for a Service without workloads). */
  readonly dataPlane?: GraphDataPlane;
  /** Ambient with a waypoint: the waypoint(s) named by `istio.io/use-waypoint`. */
  readonly waypoint?: string;
  /** The matrix source principals this node sends as, sorted. */
  readonly principals: string[];
  /** The text of the node, one entry per line (unescaped). */
  readonly label: string[];
  readonly style: NodeStyle;
}

/** One port of an arrow and under what it is allowed. */
export interface GraphEdgePort {
  readonly port: number;
  readonly protocol: string;
  readonly access: 'always' | 'conditional';
  /** Every condition (sorted, not collapsed); empty when `always`. */
  readonly conditions: string[];
}

/** An arrow: a source node may reach a destination Service. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `always` when every port admits any request. */
  readonly access: 'always' | 'conditional';
  readonly ports: GraphEdgePort[];
  /** The arrow's text, one entry per line (unescaped), long condition lists collapsed. */
  readonly label: string[];
}

/** A namespace drawn as a group (Mermaid subgraph, Graphviz cluster). */
export interface GraphNamespace {
  readonly name: string;
  /** Stable identifier, `ns_<name>`. */
  readonly id: string;
  /** Ids of its nodes, in graph order. */
  readonly nodes: string[];
}

/** The access graph. Every list is sorted, so the same matrix always gives the same graph. */
export interface AccessGraph {
  readonly namespaces: GraphNamespace[];
  /** Namespaced nodes (by namespace, Services before workloads, by name), then peers. */
  readonly nodes: GraphNode[];
  /** In node order of `from`, then of `to`. */
  readonly edges: GraphEdge[];
  /** The styles the graph uses and what they mean (empty when the legend is turned off). */
  readonly legend: LegendEntry[];
}

/** Options of `accessGraph`. */
export interface AccessGraphOptions {
  /** Conditions shown per port (and workloads per pattern) before the rest collapse into `… n more`; at least 1. @default 3 */
  readonly maxConditions?: number;
  /** Whether to add a legend. @default true */
  readonly legend?: boolean;
}

interface NodeDraft extends Omit<GraphNode, 'id' | 'principals'> {
  readonly key: string;
  readonly sortKey: string;
  readonly principals: Set<string>;
}

/**
 * Builds the access graph of a matrix, taking risk profiles and data planes from the inventory
 * the matrix was computed over.
 */
export function accessGraph(matrix: AccessMatrix, inventory: Inventory, options: AccessGraphOptions = {}): AccessGraph {
  const maxConditions = Math.max(1, Math.floor(options.maxConditions ?? 3));
  const drafts = new Map<string, NodeDraft>();
  const workloadsByName = new Map<string, Workload[]>();
  for (const w of inventory.workloads) {
    const k = `${w.namespace}/${w.name}`;
    const list = workloadsByName.get(k);
    if (list) list.push(w);
    else workloadsByName.set(k, [w]);
  }
  const servicesByName = new Map(inventory.services.map((s) => [`${s.namespace}/${s.name}`, s] as const));

  const serviceNode = (namespace: string, name: string): string => {
    const key = `svc:${namespace}/${name}`;
    if (!drafts.has(key)) drafts.set(key, serviceDraft(key, namespace, name, servicesByName.get(`${namespace}/${name}`), inventory));
    return key;
  };
  const workloadNode = (w: Workload): string => {
    const key = `wl:${w.namespace}/${w.name}`;
    if (!drafts.has(key)) drafts.set(key, workloadDraft(key, w, inventory));
    return key;
  };
  const peerNode = (principal: string, names: readonly string[], local: boolean): string => {
    const key = `peer:${principal}`;
    if (!drafts.has(key)) drafts.set(key, peerDraft(key, principal, names, local, maxConditions));
    return key;
  };

  const workloadsOfPrincipal = new Map(matrix.sources.map((s) => [s.principal, s.workloads] as const));
  const fromCache = new Map<string, string[]>();
  const sourceNodes = (principal: string): string[] => {
    let keys = fromCache.get(principal);
    if (keys) return keys;
    const names = [...new Set(workloadsOfPrincipal.get(principal) ?? [])].sort(cmp);
    const found = names.flatMap((n) => workloadsByName.get(n) ?? []);
    const set = new Set<string>();
    const gateway = found.length === 0 ? gatewayServiceOf(principal, inventory) : undefined;
    if (gateway) {
      // An Istio-deployed gateway is one node: its Service, which is also where its calls start.
      set.add(serviceNode(gateway.namespace, gateway.name));
    } else if (principal === '*' || principal === 'plaintext' || principal.includes('*') || found.length === 0) {
      set.add(peerNode(principal, names, found.length > 0));
    } else {
      for (const w of found) {
        const services = inventory.servicesOf(w);
        if (services.length === 0) set.add(workloadNode(w));
        for (const s of services) set.add(serviceNode(s.namespace, s.name));
      }
    }
    keys = [...set];
    for (const k of keys) drafts.get(k)!.principals.add(principal);
    fromCache.set(principal, keys);
    return keys;
  };

  for (const s of [...matrix.sources].sort((a, b) => cmp(a.principal, b.principal))) sourceNodes(s.principal);
  for (const d of matrix.destinations) serviceNode(d.namespace, d.service);
  const arrows = new Map<string, { from: string; to: string; ports: Map<string, PortDraft> }>();
  for (const cell of matrix.cells) {
    const to = serviceNode(cell.destination.namespace, cell.destination.service);
    for (const from of sourceNodes(cell.source)) {
      const k = `${from}\u0000${to}`;
      let arrow = arrows.get(k);
      if (!arrow) arrows.set(k, (arrow = { from, to, ports: new Map() }));
      addCell(arrow.ports, cell);
    }
  }

  // Peers that reach nothing say nothing; Services and workloads stay (unreachable is news).
  const linked = new Set([...arrows.values()].map((a) => a.from));
  const ordered = [...drafts.values()].filter((d) => d.kind === 'service' || d.kind === 'workload' || linked.has(d.key)).sort((a, b) => cmp(a.sortKey, b.sortKey));
  const ids = assignIds(ordered);
  const nodes: GraphNode[] = ordered.map((d) => ({
    id: ids.get(d.key)!,
    kind: d.kind,
    name: d.name,
    ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
    ...(d.risk !== undefined ? { risk: d.risk } : {}),
    ...(d.dataPlane !== undefined ? { dataPlane: d.dataPlane } : {}),
    ...(d.waypoint !== undefined ? { waypoint: d.waypoint } : {}),
    principals: [...d.principals].sort(cmp),
    label: d.label,
    style: d.style,
  }));
  const position = new Map(ordered.map((d, i) => [d.key, i] as const));
  const edges: GraphEdge[] = [...arrows.values()]
    .sort((a, b) => position.get(a.from)! - position.get(b.from)! || position.get(a.to)! - position.get(b.to)!)
    .map((a) => toEdge(ids.get(a.from)!, ids.get(a.to)!, a.ports, maxConditions));

  return { namespaces: groupByNamespace(nodes), nodes, edges, legend: options.legend === false ? [] : legendOf(nodes, edges) };
}

/** The namespaces of the nodes, in node order (nodes are sorted by namespace first). */
function groupByNamespace(nodes: readonly GraphNode[]): GraphNamespace[] {
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.namespace === undefined) continue;
    const members = groups.get(n.namespace);
    if (members) members.push(n.id);
    else groups.set(n.namespace, [n.id]);
  }
  const ids = uniqueIds([...groups.keys()].map((n) => [n, `ns_${safeId(n)}`]));
  return [...groups].map(([name, members]) => ({ name, id: ids.get(name)!, nodes: members }));
}

interface PortDraft {
  readonly port: number;
  readonly protocol: string;
  always: boolean;
  readonly conditions: Set<string>;
}

function addCell(ports: Map<string, PortDraft>, cell: MatrixCell): void {
  const d = cell.destination;
  const k = `${d.port}/${d.protocol}`;
  let p = ports.get(k);
  if (!p) ports.set(k, (p = { port: d.port, protocol: d.protocol, always: false, conditions: new Set() }));
  if (cell.access === 'always') p.always = true;
  for (const c of cell.conditions) p.conditions.add(c);
}

function toEdge(from: string, to: string, drafts: Map<string, PortDraft>, maxConditions: number): GraphEdge {
  const ports: GraphEdgePort[] = [...drafts.values()]
    .sort((a, b) => a.port - b.port || cmp(a.protocol, b.protocol))
    .map((p) => ({ port: p.port, protocol: p.protocol, access: p.always ? 'always' : 'conditional', conditions: p.always ? [] : [...p.conditions].sort(cmp) }));
  const label = ports.flatMap((p) => {
    const head = p.protocol === '' ? `${p.port}` : `${p.port}/${p.protocol}`;
    if (p.access === 'always') return [head];
    if (p.conditions.length === 0) return [`${head}: conditional`];
    const shown = p.conditions.slice(0, maxConditions);
    const rest = p.conditions.length - shown.length;
    return [`${head}: ${shown[0]}`, ...shown.slice(1), ...(rest > 0 ? [`… ${rest} more`] : [])];
  });
  return { from, to, access: ports.every((p) => p.access === 'always') ? 'always' : 'conditional', ports, label };
}

function serviceDraft(key: string, namespace: string, name: string, service: ServiceInfo | undefined, inventory: Inventory): NodeDraft {
  const workloads = service ? inventory.workloadsOf(service) : [];
  const risk = workloads.length === 0 ? inventory.namespaceRisk(namespace) : highest(workloads.map((w) => inventory.riskOf(w)));
  const plane = dataPlaneOfAll(workloads, inventory);
  if (workloads.length === 0 && isIstioGateway(inventory, namespace, name)) {
    // Istio deploys the gateway's Envoy itself: not in the manifests, but a proxy all the same.
    return {
      key, sortKey: `0\u0000${namespace}\u00000\u0000${name}`, kind: 'service', name, namespace, risk, dataPlane: 'sidecar', principals: new Set(),
      label: [name, `${risk} risk / ingress gateway (Envoy)`], style: workloadStyle(risk, 'sidecar', false),
    };
  }
  return {
    key,
    sortKey: `0\u0000${namespace}\u00000\u0000${name}`,
    kind: 'service',
    name,
    namespace,
    risk,
    ...plane,
    principals: new Set(),
    label: [name, `${risk} risk / ${dataPlaneWords(plane.dataPlane, plane.waypoint, plane.kinds)}`],
    style: workloadStyle(risk, plane.dataPlane, plane.waypoint !== undefined),
  };
}

function workloadDraft(key: string, w: Workload, inventory: Inventory): NodeDraft {
  const risk = inventory.riskOf(w);
  const plane = dataPlaneOfAll([w], inventory);
  return {
    key,
    sortKey: `0\u0000${w.namespace}\u00001\u0000${w.name}`,
    kind: 'workload',
    name: w.name,
    namespace: w.namespace,
    risk,
    ...plane,
    principals: new Set(),
    label: [`${w.name} (${w.kind}, no Service)`, `${risk} risk / ${dataPlaneWords(plane.dataPlane, plane.waypoint)}`],
    style: workloadStyle(risk, plane.dataPlane, plane.waypoint !== undefined),
  };
}

/**
 * A peer node. Patterns say what they stand for; a namespace pattern that matches workloads of
 * the manifests (`local`) is drawn in that namespace.
 */
function peerDraft(key: string, principal: string, names: readonly string[], local: boolean, maxListed: number): NodeDraft {
  const kind: GraphNodeKind = principal === '*' ? 'anyPeer' : principal === 'plaintext' ? 'plaintext' : principal.includes('*') ? 'peerPattern' : 'peer';
  const shown = names.slice(0, maxListed);
  const list = names.length === 0 ? [] : [`${kind === 'peerPattern' ? 'matches' : 'runs'} ${shown.join(', ')}${names.length > shown.length ? ` … ${names.length - shown.length} more` : ''}`];
  const ns = /^[^/]+\/ns\/([^/*]+)\/sa\/\*$/.exec(principal)?.[1];
  const td = /^([^/*]+)\/ns\/\*\/sa\/\*$/.exec(principal)?.[1];
  let label: string[];
  if (kind === 'anyPeer') label = ['any authenticated peer (*)'];
  else if (kind === 'plaintext') label = ['plaintext peers', 'no mesh identity'];
  else if (ns !== undefined) label = [`any identity in namespace ${ns}`, principal, ...list];
  else if (td !== undefined) label = [`any identity of trust domain ${td}`, principal, ...list];
  else label = [principal, ...list];
  const inNamespace = kind === 'peerPattern' && ns !== undefined && local ? ns : undefined;
  const rank = kind === 'anyPeer' ? 0 : kind === 'plaintext' ? 1 : 2;
  return {
    key,
    sortKey: inNamespace !== undefined ? `0\u0000${inNamespace}\u00002\u0000${principal}` : `1\u0000${rank}\u0000${principal}`,
    kind,
    name: principal,
    ...(inNamespace !== undefined ? { namespace: inNamespace } : {}),
    principals: new Set(),
    label,
    style: peerStyle(kind === 'plaintext'),
  };
}

/** The data plane of a group of workloads: theirs when they agree, `mixed` otherwise, `none` without workloads. */
function dataPlaneOfAll(workloads: readonly Workload[], inventory: Inventory): { dataPlane: GraphDataPlane; waypoint?: string; kinds?: string[] } {
  const planes = workloads.map((w) => inventory.dataPlaneOf(w));
  const kinds = [...new Set(planes.map((p) => p.kind))].sort(cmp);
  if (kinds.length === 0) return { dataPlane: 'none' };
  if (kinds.length > 1) return { dataPlane: 'mixed', kinds };
  const waypoints = [...new Set(planes.flatMap((p) => (p.waypoint === undefined ? [] : [p.waypoint])))].sort(cmp);
  return { dataPlane: kinds[0] as GraphDataPlane, ...(waypoints.length > 0 ? { waypoint: waypoints.join(', ') } : {}) };
}

function legendOf(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): LegendEntry[] {
  const out: LegendEntry[] = [];
  for (const r of RISK_LEVELS) if (nodes.some((n) => n.risk === r)) out.push(riskLegend(r));
  const planes: [GraphDataPlane, boolean][] = [['sidecar', false], ['ambient', false], ['ambient', true], ['sharedNode', false], ['proxyless', false], ['none', false], ['mixed', false]];
  for (const [plane, waypoint] of planes) {
    if (nodes.some((n) => n.dataPlane === plane && (n.waypoint !== undefined) === waypoint)) out.push(dataPlaneLegend(plane, waypoint));
  }
  if (nodes.some((n) => n.kind === 'anyPeer' || n.kind === 'peer' || n.kind === 'peerPattern')) out.push(peerLegend(false));
  if (nodes.some((n) => n.kind === 'plaintext')) out.push(peerLegend(true));
  for (const a of ['always', 'conditional'] as const) if (edges.some((e) => e.ports.some((p) => p.access === a))) out.push(accessLegend(a));
  return out;
}

/** Ids in draft order: `svc_<ns>__<name>`, `wl_<ns>__<name>`, `peer_<principal>`, `src_any`, `src_plaintext`. */
function assignIds(drafts: readonly NodeDraft[]): Map<string, string> {
  return uniqueIds(drafts.map((d) => {
    if (d.kind === 'anyPeer') return [d.key, 'src_any'];
    if (d.kind === 'plaintext') return [d.key, 'src_plaintext'];
    if (d.kind === 'peer' || d.kind === 'peerPattern') return [d.key, `peer_${safeId(d.name)}`];
    return [d.key, `${d.kind === 'service' ? 'svc' : 'wl'}_${safeId(d.namespace ?? '')}__${safeId(d.name)}`];
  }));
}

/** Makes the wanted ids unique in order: a later duplicate gets `_2`, `_3`… */
function uniqueIds(wanted: readonly (readonly [string, string])[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const [key, base] of wanted) {
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    out.set(key, id);
  }
  return out;
}

/** Letters, digits and `_` only (Mermaid ids; keeps DOT ids readable). */
function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '_');
}

function highest(levels: readonly RiskLevel[]): RiskLevel {
  return levels.reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
}

/** Code-unit order, independent of the locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Service `<gateway>-istio` of a Gateway API Gateway of class `istio` in the manifests. */
function isIstioGateway(inventory: Inventory, namespace: string, service: string): boolean {
  return inventory.ofKind('Gateway', 'gateway.networking.k8s.io').some((g) => g.ref.namespace === namespace && `${g.ref.name}-istio` === service
    && String(objectOfSpec(g.object.spec).gatewayClassName ?? '') === 'istio');
}

/** The gateway Service a principal `<td>/ns/<ns>/sa/<gateway>-istio` runs as, when the manifests hold that Gateway. */
function gatewayServiceOf(principal: string, inventory: Inventory): { namespace: string; name: string } | undefined {
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  if (!m || !isIstioGateway(inventory, m[1], m[2])) return undefined;
  return { namespace: m[1], name: m[2] };
}

function objectOfSpec(spec: unknown): Record<string, unknown> {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}
