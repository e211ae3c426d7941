// SPDX-License-Identifier: Apache-2.0
/**
 * The Cilium node proxy as an enforcement point (the shared-node data plane, DESIGN.md
 * decision 3), for the ingress rules lib/compile/cilium renders and hand-written ones:
 * - policies select endpoints by labels: the pod's, `io.kubernetes.pod.namespace`,
 *   `io.cilium.k8s.policy.serviceaccount` and `io.cilium.k8s.namespace.labels.<k>` (source
 *   prefixes such as `k8s:` are ignored); a namespaced policy's peer selectors are confined to
 *   its namespace unless they name the namespace label;
 * - once any policy with ingress rules selects the endpoint, ingress is default-deny
 *   (unless `enableDefaultDeny.ingress: false`); `ingressDeny` wins over `ingress`;
 * - a rule needs its L3 peer (`fromEndpoints`, `fromEntities`, `fromCIDR`/`fromCIDRSet`; none
 *   means any peer), `authentication.mode: required` (a mutually authenticated peer), a port of
 *   `toPorts`, and, when the port carries `rules.http`, one HTTP rule whose regexes (RE2, whole
 *   value) match method, `:path` (with the query string), host and headers.
 */
import { readCiliumSelector, selects, type LabelSelector } from '../label-selector';
import type { InventoryEntry } from '../manifest-object';
import { arrayOf, objectOf } from '../manifest-object';
import { blockContains, parseIpBlock } from './ip-match';

/** The peer as Cilium sees it. */
export interface CiliumPeer {
  /** Endpoint labels of an in-cluster peer; undefined for a peer outside the cluster (`world`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Whether the peer can complete Cilium's mutual authentication. */
  readonly authenticated: boolean;
  readonly ip?: string;
}

/** The request at the destination endpoint. */
export interface CiliumTarget {
  /** Namespace of the endpoint. */
  readonly namespace: string;
  /** The container port and its name. */
  readonly port: number;
  readonly portName?: string;
  readonly http?: { readonly method: string; readonly path: string; readonly host: string; readonly headers: ReadonlyMap<string, string> };
}

/** The outcome at the node proxy. */
export interface CiliumOutcome {
  readonly decision: 'ALLOW' | 'DENY';
  readonly policy?: string;
  readonly rule?: string;
  readonly reason: string;
}

/**
 * CiliumNetworkPolicies (by namespace) and CiliumClusterwideNetworkPolicies, indexed by one
 * `key=value` pair of their `endpointSelector.matchLabels`, so finding the policies of an
 * endpoint reads a few lists instead of every policy.
 */
export class CiliumIndex {
  private readonly byLabel = new Map<string, { entry: InventoryEntry; selector: LabelSelector }[]>();

  constructor(policies: readonly InventoryEntry[]) {
    for (const entry of policies) {
      const selector = readCiliumSelector(objectOf(entry.object.spec).endpointSelector);
      if (!selector) continue;
      const first = Object.entries(selector.matchLabels)[0];
      const key = `${entry.ref.namespace ?? ''}\u0000${first ? `${first[0]}=${first[1]}` : ''}`;
      const list = this.byLabel.get(key);
      if (list) list.push({ entry, selector });
      else this.byLabel.set(key, [{ entry, selector }]);
    }
  }

  /** The policies that select an endpoint of `namespace` with endpoint `labels`, in manifest order. */
  public selecting(namespace: string, labels: Readonly<Record<string, string>>): InventoryEntry[] {
    const out: InventoryEntry[] = [];
    for (const ns of [namespace, '']) {
      for (const key of ['', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]) {
        for (const c of this.byLabel.get(`${ns}\u0000${key}`) ?? []) if (selects(c.selector, labels)) out.push(c.entry);
      }
    }
    return [...new Set(out)];
  }
}

/** Decides a request at the node proxy of an endpoint selected by `policies`. */
export function evaluateCilium(policies: readonly InventoryEntry[], peer: CiliumPeer, target: CiliumTarget): CiliumOutcome {
  const specs = policies.map((p) => ({ p, spec: objectOf(p.object.spec) }));
  for (const { p, spec } of specs) {
    const rules = arrayOf(spec.ingressDeny).map(objectOf);
    for (let i = 0; i < rules.length; i++) {
      if (l3Miss(rules[i], p, peer) === undefined && portMiss(rules[i], target, false) === undefined) {
        return { decision: 'DENY', policy: idOf(p), rule: `${ruleBase(p)}-ingressDeny[${i}]`, reason: `denied by ${idOf(p)} ingressDeny ${i}` };
      }
    }
  }
  const enforcing = specs.filter(({ spec }) => objectOf(spec.enableDefaultDeny).ingress !== false && (arrayOf(spec.ingress).length > 0 || arrayOf(spec.ingressDeny).length > 0 || objectOf(spec.enableDefaultDeny).ingress === true));
  let closest: { id: string; index: number; miss: string[] } | undefined;
  for (const { p, spec } of specs) {
    const rules = arrayOf(spec.ingress).map(objectOf);
    for (let i = 0; i < rules.length; i++) {
      const miss = [l3Miss(rules[i], p, peer), authMiss(rules[i], peer), portMiss(rules[i], target, true)].filter((m): m is string => m !== undefined);
      if (miss.length === 0) return { decision: 'ALLOW', policy: idOf(p), rule: `${ruleBase(p)}-ingress[${i}]`, reason: `allowed by ${idOf(p)} ingress ${i}` };
      if (!closest || miss.length < closest.miss.length) closest = { id: idOf(p), index: i, miss };
    }
  }
  if (enforcing.length === 0) return { decision: 'ALLOW', reason: 'no Cilium policy with ingress rules selects the endpoint, so ingress is not default-deny' };
  if (!closest) return { decision: 'DENY', reason: `ingress is default-deny (${enforcing.map(({ p }) => idOf(p)).join(', ')}) and no ingress rule exists` };
  return { decision: 'DENY', reason: `ingress is default-deny and no ingress rule matched; closest: ${closest.id} ingress ${closest.index} ${closest.miss.join('; ')}` };
}

function l3Miss(rule: Record<string, unknown>, policy: InventoryEntry, peer: CiliumPeer): string | undefined {
  const endpoints = rule.fromEndpoints;
  const entities = rule.fromEntities;
  const cidrs = [...arrayOf(rule.fromCIDR).filter((c): c is string => typeof c === 'string'), ...arrayOf(rule.fromCIDRSet).map((c) => objectOf(c).cidr).filter((c): c is string => typeof c === 'string')];
  const hasCidr = rule.fromCIDR !== undefined || rule.fromCIDRSet !== undefined;
  if (endpoints === undefined && entities === undefined && !hasCidr) return undefined;
  if (peer.labels && arrayOf(endpoints).some((s) => peerSelects(s, policy, peer.labels!))) return undefined;
  for (const e of arrayOf(entities)) {
    if (e === 'all' || (e === 'cluster' && peer.labels) || (e === 'world' && !peer.labels)) return undefined;
  }
  if (!peer.labels && peer.ip !== undefined && cidrs.some((c) => { const b = parseIpBlock(c); return b !== undefined && blockContains(b, peer.ip!); })) return undefined;
  const what = [endpoints !== undefined ? 'fromEndpoints' : '', entities !== undefined ? `fromEntities [${arrayOf(entities).join(', ')}]` : '', hasCidr ? `fromCIDR [${cidrs.join(', ')}]` : ''].filter((x) => x !== '');
  return `needs a peer in ${what.join(' or ')} (got ${describePeer(peer)})`;
}

function authMiss(rule: Record<string, unknown>, peer: CiliumPeer): string | undefined {
  if (objectOf(rule.authentication).mode !== 'required' || peer.authenticated) return undefined;
  return 'needs mutual authentication (authentication.mode: required), but the peer has no identity';
}

function portMiss(rule: Record<string, unknown>, target: CiliumTarget, withL7: boolean): string | undefined {
  if (rule.toPorts === undefined) return undefined;
  const misses: string[] = [];
  for (const pr of arrayOf(rule.toPorts).map(objectOf)) {
    const ports = arrayOf(pr.ports).map(objectOf);
    const portOk = ports.length === 0 || ports.some((p) => portMatches(p, target));
    if (!portOk) {
      misses.push(`needs port ${ports.map((p) => String(p.port ?? '')).join(', ')} (got ${target.port})`);
      continue;
    }
    const http = arrayOf(objectOf(pr.rules).http).map(objectOf);
    if (!withL7 || http.length === 0) return undefined;
    if (!target.http) {
      misses.push('needs an HTTP request (the port has rules.http), got a TCP connection');
      continue;
    }
    if (http.some((h) => httpMatches(h, target.http!))) return undefined;
    misses.push(`needs rules.http ${http.map((h) => [h.method, h.path, h.host].filter((x) => x !== undefined).join(' ')).join(' | ')} (got ${target.http.method} ${target.http.path})`);
  }
  return misses[0] ?? 'no toPorts entry';
}

function portMatches(p: Record<string, unknown>, target: CiliumTarget): boolean {
  const proto = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'ANY';
  if (proto !== 'TCP' && proto !== 'ANY') return false;
  const port = String(p.port ?? '0');
  if (port === '0' || port === '') return true;
  if (!/^\d+$/.test(port)) return port === target.portName;
  const end = typeof p.endPort === 'number' ? p.endPort : Number(port);
  return target.port >= Number(port) && target.port <= end;
}

function httpMatches(rule: Record<string, unknown>, http: NonNullable<CiliumTarget['http']>): boolean {
  const whole = (re: unknown, value: string) => {
    if (typeof re !== 'string') return true;
    try {
      return new RegExp(`^(?:${re})$`).test(value);
    } catch {
      return false;
    }
  };
  if (!whole(rule.method, http.method) || !whole(rule.path, http.path) || !whole(rule.host, http.host)) return false;
  for (const h of arrayOf(rule.headers).filter((x): x is string => typeof x === 'string')) {
    const colon = h.indexOf(':');
    const name = (colon < 0 ? h : h.slice(0, colon)).trim().toLowerCase();
    const value = http.headers.get(name);
    if (value === undefined || (colon >= 0 && value !== h.slice(colon + 1).trim())) return false;
  }
  for (const hm of arrayOf(rule.headerMatches).map(objectOf)) {
    const value = http.headers.get(String(hm.name ?? '').toLowerCase());
    if (value === undefined || (typeof hm.value === 'string' && value !== hm.value)) return false;
  }
  return true;
}

/** A peer selector of a rule; a namespaced policy confines it to its namespace unless it names the namespace label. */
function peerSelects(raw: unknown, policy: InventoryEntry, labels: Readonly<Record<string, string>>): boolean {
  const sel = readCiliumSelector(raw);
  if (!sel) return false;
  const ns = 'io.kubernetes.pod.namespace';
  const namesNamespace = ns in sel.matchLabels || sel.matchExpressions.some((e) => e.key === ns);
  if (policy.ref.namespace !== undefined && !namesNamespace && labels[ns] !== policy.ref.namespace) return false;
  return selects(sel, labels);
}

/** A selector with Cilium's label source prefixes (`k8s:`, `any:`) removed from its keys. */
function describePeer(peer: CiliumPeer): string {
  if (!peer.labels) return `a peer outside the cluster${peer.ip !== undefined ? ` at ${peer.ip}` : ''}`;
  return `service account ${peer.labels['io.cilium.k8s.policy.serviceaccount'] ?? '?'} in namespace ${peer.labels['io.kubernetes.pod.namespace'] ?? '?'}`;
}

function idOf(p: InventoryEntry): string {
  return p.ref.namespace === undefined ? p.ref.name : `${p.ref.namespace}/${p.ref.name}`;
}

function ruleBase(p: InventoryEntry): string {
  return p.ref.namespace === undefined ? `policy[${p.ref.name}]` : `ns[${p.ref.namespace}]-policy[${p.ref.name}]`;
}
