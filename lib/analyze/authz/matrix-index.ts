// SPDX-License-Identifier: Apache-2.0
/**
 * The access matrix's index of AuthorizationPolicy rules: by the destination a policy may
 * apply to, then by the row (source) a rule's `from` can match. It over-approximates
 * attachment (semantics §b1: selector, namespace, root namespace, targetRefs Service /
 * Gateway / GatewayClass), so it never misses a candidate; the engine decides every probe,
 * so a candidate that does not really apply simply yields no cell.
 */
import type { Inventory, Workload } from '../inventory';
import type { InventoryEntry } from '../manifest-object';
import { apiGroup, arrayOf, objectOf, stringMap } from '../manifest-object';
import { ciliumGrants } from './matrix-cilium';
import { type PolicyRule, type SourceClause, actionOf, isDryRun, readRules } from './matrix-policy';
import { mayMatchHttp } from './matrix-probes';
import type { MatrixTarget } from './matrix-targets';
import type { MeshTopology } from './mesh-topology';
import type { RequestHttp } from './types';

/** An ALLOW rule's source alternative that may grant access to a row. */
export interface MatrixGrant {
  readonly rule: PolicyRule;
  readonly clause: SourceClause;
}

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';

/** ALLOW and DENY rules indexed for the matrix. */
export class MatrixIndex {
  /** Indexes the enforced (not dry-run) ALLOW and DENY policies of `inventory` over `targets`. */
  public static build(inventory: Inventory, topology: MeshTopology, targets: readonly MatrixTarget[], trustDomain: string): MatrixIndex {
    const index = new MatrixIndex(inventory, topology, targets);
    for (const policy of inventory.ofKind('AuthorizationPolicy')) {
      if (apiGroup(policy.ref.apiVersion) !== 'security.istio.io' || isDryRun(policy)) continue;
      const action = actionOf(policy);
      if (action !== 'ALLOW' && action !== 'DENY' && action !== 'CUSTOM') continue;
      const rules = readRules(policy, trustDomain);
      const keys = index.targetsOf(policy);
      if (action !== 'ALLOW') {
        for (const t of keys) push(action === 'DENY' ? index.denies : index.customs, t, ...rules);
        continue;
      }
      for (const rule of rules) index.addGrant(keys, rule);
      const spec = objectOf(policy.object.spec);
      if (spec.selector === undefined && spec.targetRefs === undefined && spec.targetRef === undefined) index.namespaceWideAllow.add(policy.ref.namespace ?? 'default');
    }
    for (const { targets: keys, rule } of ciliumGrants(inventory, targets, trustDomain)) index.addGrant(keys, rule);
    return index;
  }

  /** ALLOW alternatives by destination key (`<ns>/<name>`), then by row. */
  public readonly grants = new Map<string, Map<string, MatrixGrant[]>>();
  /** DENY rules by destination key. */
  public readonly denies = new Map<string, PolicyRule[]>();
  /** CUSTOM rules by destination key. */
  public readonly customs = new Map<string, PolicyRule[]>();
  /** Every row some ALLOW rule may grant to. */
  public readonly rows = new Set<string>();
  /** Namespaces with an enforced ALLOW policy without selector or targetRefs (the root namespace's applies everywhere). */
  public readonly namespaceWideAllow = new Set<string>();
  private readonly byName = new Set<string>();
  private readonly byNamespace = new Map<string, MatrixTarget[]>();
  private readonly byWaypoint = new Map<string, MatrixTarget[]>();
  private readonly byGateway = new Map<string, MatrixTarget[]>();
  private readonly byWorkload = new Map<Workload, string[]>();
  /** Gateways Istio deploys (no workload in the manifests), with their pod labels. */
  private readonly deployedGateways: { readonly target: MatrixTarget; readonly labels: Readonly<Record<string, string>> }[] = [];

  private constructor(private readonly inventory: Inventory, topology: MeshTopology, private readonly targets: readonly MatrixTarget[]) {
    for (const t of targets) {
      const s = t.service;
      this.byName.add(t.key);
      push(this.byNamespace, s.namespace, t);
      const { waypoint } = topology.waypointFor(s);
      if (waypoint) push(this.byWaypoint, `${waypoint.namespace}/${waypoint.name}`, t);
      const gateway = s.gateway;
      if (gateway?.gatewayName !== undefined) {
        push(this.byGateway, `${s.namespace}/${gateway.gatewayName}`, t);
        this.deployedGateways.push({ target: t, labels: gateway.podLabels });
      }
      for (const w of s.info ? inventory.workloadsOf(s.info) : []) {
        push(this.byWorkload, w, t.key);
        const name = w.podLabels[GATEWAY_NAME];
        if (name !== undefined) push(this.byGateway, `${w.namespace}/${name}`, t);
      }
    }
  }

  /**
   * Whether an ALLOW policy certainly applies at the destination's proxy: a sidecar in a
   * namespace with a namespace-wide ALLOW policy (its own or the root namespace's, §b1). Then
   * only the rules indexed for a row can admit it, and an unconstrained probe for rows without
   * such rules cannot be allowed.
   */
  public certainlyGuarded(target: MatrixTarget): boolean {
    return target.endpoint.kind === 'sidecar'
      && (this.namespaceWideAllow.has(target.service.namespace) || this.namespaceWideAllow.has(this.inventory.rootNamespace));
  }

  /**
   * Whether a request the engine allowed by an ALLOW rule proves that another request of the
   * same rule alternative (same source and token; another method, path or host the rule
   * names) is allowed too. The rule matches both; they differ only in method, path and host,
   * so only a DENY or CUSTOM rule constraining those could treat them differently (§b2: DENY
   * and CUSTOM come before ALLOW). Holds when none may accept `http`, one workload receives
   * the traffic, and its proxy is an Istio one.
   */
  public sameVerdict(target: MatrixTarget, http: RequestHttp | undefined): boolean {
    if (target.endpoints !== 1 || target.endpoint.kind === 'sharedNode') return false;
    for (const rules of [this.denies.get(target.key), this.customs.get(target.key)]) {
      for (const rule of rules ?? []) if (rule.to.some((op) => http === undefined || mayMatchHttp(op, http))) return false;
    }
    return true;
  }

  private addGrant(targets: readonly string[], rule: PolicyRule): void {
    for (const clause of rule.from) {
      for (const row of clause.keys) {
        this.rows.add(row);
        for (const t of targets) {
          let perRow = this.grants.get(t);
          if (!perRow) this.grants.set(t, (perRow = new Map()));
          push(perRow, row, { rule, clause });
        }
      }
    }
  }

  /** The destination keys a policy may apply to (§b1), over-approximated. */
  private targetsOf(policy: InventoryEntry): string[] {
    const spec = objectOf(policy.object.spec);
    const ns = policy.ref.namespace ?? 'default';
    const root = ns === this.inventory.rootNamespace;
    const refs = arrayOf(spec.targetRefs).concat(spec.targetRef === undefined ? [] : [spec.targetRef]).map(objectOf);
    const out = new Set<string>();
    if (refs.length > 0) {
      for (const r of refs) {
        if (typeof r.namespace === 'string' && r.namespace !== '' && r.namespace !== ns) continue; // never matches (§b1)
        const name = String(r.name ?? '');
        if (r.kind === 'Service' && this.byName.has(`${ns}/${name}`)) out.add(`${ns}/${name}`);
        else if (r.kind === 'Gateway') [...this.byWaypoint.get(`${ns}/${name}`) ?? [], ...this.byGateway.get(`${ns}/${name}`) ?? []].forEach((t) => out.add(t.key));
        else if (r.kind === 'GatewayClass' && root) for (const list of this.byWaypoint.values()) list.forEach((t) => out.add(t.key));
      }
      return [...out];
    }
    if (spec.selector === undefined) return (root ? this.targets : this.byNamespace.get(ns) ?? []).map((t) => t.key);
    for (const w of this.inventory.workloadsSelectedBy(policy)) this.byWorkload.get(w)?.forEach((k) => out.add(k));
    // Gateways Istio deploys also match selectors (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, §b1).
    const matchLabels = stringMap(objectOf(spec.selector).matchLabels);
    for (const g of this.deployedGateways) {
      if ((root || g.target.service.namespace === ns) && Object.entries(matchLabels).every(([k, v]) => g.labels[k] === v)) out.add(g.target.key);
    }
    return [...out].filter((k) => this.byName.has(k));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}
