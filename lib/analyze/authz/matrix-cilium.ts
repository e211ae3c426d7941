// SPDX-License-Identifier: Apache-2.0
/**
 * Cilium ingress rules (the shared-node data plane) read as the matrix reads
 * AuthorizationPolicy rules: the rows a rule's peers can match (`fromEndpoints` by service
 * account and namespace labels, or by pod labels resolved to the workloads they select;
 * `fromEntities`; `fromCIDR`) and the operations probes are built from (`toPorts` ports and
 * `rules.http` whose regexes are an exact value or a prefix). The engine's Cilium evaluator
 * decides every probe.
 */
import type { Inventory } from '../inventory';
import { readSelector, selects } from '../label-selector';
import { type InventoryEntry, apiGroup, arrayOf, objectOf } from '../manifest-object';
import { CiliumIndex } from './cilium-evaluator';
import { ciliumEndpointLabels as endpointLabels } from '../label-selector';
import { ANY_PEER, PLAINTEXT, type PolicyRule, namespaceKey } from './matrix-policy';
import type { MatrixTarget } from './matrix-targets';

const NAMESPACE = 'io.kubernetes.pod.namespace';
const ACCOUNT = 'io.cilium.k8s.policy.serviceaccount';

/** A Cilium ingress rule as a matrix rule, with the destinations its policy selects. */
export interface CiliumGrant {
  readonly targets: readonly string[];
  readonly rule: PolicyRule;
}

/** The ingress rules of the Cilium policies of `inventory` over the shared-node `targets`. */
export function ciliumGrants(inventory: Inventory, targets: readonly MatrixTarget[], trustDomain: string): CiliumGrant[] {
  const policies = [...inventory.ofKind('CiliumNetworkPolicy'), ...inventory.ofKind('CiliumClusterwideNetworkPolicy')].filter((p) => apiGroup(p.ref.apiVersion) === 'cilium.io');
  if (policies.length === 0) return [];
  const index = new CiliumIndex(policies);
  const selected = new Map<InventoryEntry, string[]>();
  for (const t of targets) {
    const e = t.endpoint;
    if (e.kind !== 'sharedNode') continue;
    for (const p of index.selecting(e.namespace, endpointLabels(e.namespace, e.serviceAccount, e.podLabels, inventory.namespaceLabels(e.namespace)))) {
      const list = selected.get(p);
      if (list) list.push(t.key);
      else selected.set(p, [t.key]);
    }
  }
  const out: CiliumGrant[] = [];
  for (const policy of policies) {
    const keys = selected.get(policy);
    if (!keys) continue;
    arrayOf(objectOf(policy.object.spec).ingress).map(objectOf).forEach((rule, i) => {
      out.push({ targets: keys, rule: toRule(policy, rule, i, inventory, trustDomain) });
    });
  }
  return out;
}

function toRule(policy: InventoryEntry, rule: Record<string, unknown>, index: number, inventory: Inventory, trustDomain: string): PolicyRule {
  const base = policy.ref.namespace === undefined ? `policy[${policy.ref.name}]` : `ns[${policy.ref.namespace}]-policy[${policy.ref.name}]`;
  const cidrs = [...arrayOf(rule.fromCIDR), ...arrayOf(rule.fromCIDRSet).map((c) => objectOf(c).cidr)].filter((c): c is string => typeof c === 'string');
  const keys = new Set<string>();
  for (const raw of arrayOf(rule.fromEndpoints)) peerKeys(raw, policy, inventory, trustDomain).forEach((k) => keys.add(k));
  for (const entity of arrayOf(rule.fromEntities)) {
    if (entity === 'all' || entity === 'cluster') keys.add(ANY_PEER);
    if (entity === 'all' || entity === 'world') keys.add(PLAINTEXT);
  }
  if (cidrs.length > 0) keys.add(PLAINTEXT);
  if (rule.fromEndpoints === undefined && rule.fromEntities === undefined && cidrs.length === 0) [ANY_PEER, PLAINTEXT].forEach((k) => keys.add(k));
  const source = cidrs.length > 0 ? { ipBlocks: cidrs } : {};
  return { policy, action: 'ALLOW', name: `${base}-ingress[${index}]`, from: [{ source, keys: [...keys] }], to: operations(rule), when: [] };
}

/** Rows a `fromEndpoints` selector can match (a namespaced policy confines it to its namespace). */
function peerKeys(raw: unknown, policy: InventoryEntry, inventory: Inventory, trustDomain: string): string[] {
  const sel = readSelector(raw);
  if (!sel) return [];
  const labels = Object.fromEntries(Object.entries(sel.matchLabels).map(([k, v]) => [k.replace(/^(k8s|any|container|unspec):/, ''), v]));
  const expressions = sel.matchExpressions.map((e) => ({ ...e, key: e.key.replace(/^(k8s|any|container|unspec):/, '') }));
  const ns = labels[NAMESPACE] ?? policy.ref.namespace;
  const account = labels[ACCOUNT];
  if (account !== undefined) return [`${trustDomain}/ns/${ns ?? '*'}/sa/${account}`];
  const others = Object.keys(labels).filter((k) => k !== NAMESPACE);
  if (others.length === 0 && expressions.length === 0) return [ns === undefined ? ANY_PEER : namespaceKey(ns, trustDomain)];
  const selector = { matchLabels: labels, matchExpressions: expressions };
  return [...new Set(inventory.workloads
    .filter((w) => (ns === undefined || w.namespace === ns) && selects(selector, endpointLabels(w.namespace, w.serviceAccount, w.podLabels, inventory.namespaceLabels(w.namespace))))
    .map((w) => `${trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`))];
}

/** `toPorts` as Istio-shaped operations: ports, and per `rules.http` entry its method, path and host. */
function operations(rule: Record<string, unknown>): Record<string, unknown>[] {
  if (rule.toPorts === undefined) return [{}];
  const out: Record<string, unknown>[] = [];
  for (const pr of arrayOf(rule.toPorts).map(objectOf)) {
    const ports = arrayOf(pr.ports).map((p) => String(objectOf(p).port ?? '')).filter((p) => /^[1-9]\d*$/.test(p));
    const base = ports.length > 0 && ports.length === arrayOf(pr.ports).length ? { ports } : {};
    const http = arrayOf(objectOf(pr.rules).http).map(objectOf);
    if (http.length === 0) {
      out.push(base);
      continue;
    }
    for (const h of http) {
      const method = typeof h.method === 'string' ? literal(h.method) : undefined;
      const path = typeof h.path === 'string' ? pathPattern(h.path) : undefined;
      const host = typeof h.host === 'string' ? literal(h.host) : undefined;
      if (method === null || path === null || host === null) continue; // a regex the matrix cannot turn into a probe
      out.push({ ...base, ...(method ? { methods: [method] } : {}), ...(path ? { paths: [path] } : {}), ...(host ? { hosts: [host] } : {}) });
    }
  }
  return out;
}

/** The value a whole-match regex stands for when it is a literal (`^GET$`); `null` otherwise. */
function literal(re: string): string | null {
  const body = re.replace(/^\^/, '').replace(/\$$/, '').replace(/\\\./g, '.');
  return /^[A-Za-z0-9_\-./:~]*$/.test(body) ? body : null;
}

/** A path regex as an Istio path: a literal (an optional query string allowed), or a literal prefix followed by `.*`. */
function pathPattern(re: string): string | null {
  const body = re.replace(/^\^/, '').replace(/\$$/, '').replace(/\(\\\?\.\*\)\?$/, '');
  if (body.endsWith('.*')) {
    const prefix = literal(body.slice(0, -2));
    return prefix === null ? null : `${prefix}*`;
  }
  return literal(body);
}
