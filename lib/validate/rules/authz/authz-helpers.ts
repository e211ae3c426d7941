// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of AuthorizationPolicies for the authz, end-user and ingress rules: action,
 * rules, sources and operations, what a policy applies to (application workloads, gateways or
 * waypoints, istio-authz-semantics §b1), and SPIFFE identities.
 */
import { type Inventory, type Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import type { RiskLevel } from '../../../model/mesh-model';

/** Annotation that turns a policy into a dry run (not enforced). */
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';

/** Gateway classes of waypoints (istio-authz-semantics §b6). */
export const WAYPOINT_CLASSES: ReadonlySet<string> = new Set(['istio-waypoint', 'istio-agentgateway-waypoint']);

/** Plain JSON object. */
export type Json = Record<string, unknown>;

/** The AuthorizationPolicies of the manifests. */
export function authorizationPolicies(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('AuthorizationPolicy', 'security.istio.io');
}

/** `spec` of an object. */
export function specOf(e: InventoryEntry): Json {
  return objectOf(e.object.spec);
}

/** The policy's action, upper-case; Istio's default ALLOW when unset. */
export function actionOf(policy: InventoryEntry): string {
  const a = specOf(policy).action;
  return typeof a === 'string' && a !== '' ? a.toUpperCase() : 'ALLOW';
}

/** Whether the policy is a dry run (`istio.io/dry-run: "true"`), which never changes a decision. */
export function isDryRun(policy: InventoryEntry): boolean {
  return (stringMap(policy.object.metadata?.annotations)[DRY_RUN_ANNOTATION] ?? '').trim().toLowerCase() === 'true';
}

/** `spec.rules`. */
export function rulesOf(policy: InventoryEntry): Json[] {
  return arrayOf(specOf(policy).rules).map(objectOf);
}

/** `spec.targetRefs` and the older `spec.targetRef`. */
export function targetRefsOf(e: InventoryEntry): Json[] {
  const spec = specOf(e);
  return arrayOf(spec.targetRefs).concat(spec.targetRef === undefined ? [] : [spec.targetRef]).map(objectOf);
}

/** `spec.selector.matchLabels`, or undefined when the object has no selector. */
export function selectorLabels(e: InventoryEntry): Record<string, string> | undefined {
  const sel = specOf(e).selector;
  return sel === undefined ? undefined : stringMap(objectOf(sel).matchLabels);
}

/** Istio's allow-nothing: ALLOW (or no action), no rules, no selector or targetRefs, enforced. */
export function isAllowNothing(policy: InventoryEntry): boolean {
  const spec = specOf(policy);
  return actionOf(policy) === 'ALLOW' && arrayOf(spec.rules).length === 0 && spec.selector === undefined
    && targetRefsOf(policy).length === 0 && !isDryRun(policy);
}

/** The `source`s of a rule's `from`. */
export function sourcesOf(rule: Json): Json[] {
  return arrayOf(rule.from).map((f) => objectOf(objectOf(f).source));
}

/** The `operation`s of a rule's `to`. */
export function operationsOf(rule: Json): Json[] {
  return arrayOf(rule.to).map((t) => objectOf(objectOf(t).operation));
}

/** The string values of a list field. */
export function strings(value: unknown): string[] {
  return arrayOf(value).filter((v): v is string => typeof v === 'string');
}

/** Whether a Gateway API Gateway is a waypoint. */
export function isWaypointGateway(gateway: InventoryEntry): boolean {
  return WAYPOINT_CLASSES.has(String(specOf(gateway).gatewayClassName ?? ''));
}

/** The Gateway API Gateway `namespace/name`, if the manifests hold it. */
export function gatewayApiGateway(inventory: Inventory, namespace: string, name: string): InventoryEntry | undefined {
  return inventory.named('Gateway', 'gateway.networking.k8s.io', namespace, name);
}

/** Gateway and waypoint pods (Istio-deployed gateways, or labelled as Istio gateways). */
export function isGatewayPod(w: Workload): boolean {
  return w.podLabels['gateway.networking.k8s.io/gateway-name'] !== undefined || w.podLabels.istio === 'ingressgateway' || w.podLabels.istio === 'egressgateway';
}

/** What a policy applies to. */
export interface PolicyScope {
  /** Application workloads it applies to (directly, or through their Service or waypoint). */
  readonly app: readonly Workload[];
  /** It can only apply to gateways (ingress or egress), never to an application workload. */
  readonly gatewayOnly: boolean;
}

/** What `policy` (AuthorizationPolicy, RequestAuthentication) applies to. */
export function policyScope(inventory: Inventory, policy: InventoryEntry): PolicyScope {
  const apps = inventory.applicationWorkloadSet();
  const ns = policy.ref.namespace ?? 'default';
  const refs = targetRefsOf(policy);
  if (refs.length > 0) {
    const app = new Set<Workload>();
    let gatewayOnly = true;
    for (const r of refs) {
      const kind = String(r.kind ?? '');
      const name = String(r.name ?? '');
      const gw = kind === 'Gateway' ? gatewayApiGateway(inventory, ns, name) : undefined;
      // A Gateway missing from the manifests is a waypoint when some workload of its namespace uses it.
      const waypoint = kind === 'Gateway'
        ? (gw !== undefined ? isWaypointGateway(gw) : inventory.workloadsUsingWaypoint(ns, name).length > 0)
        : kind === 'GatewayClass' && WAYPOINT_CLASSES.has(name);
      if (kind === 'Gateway' && !waypoint) continue;
      gatewayOnly = false;
      if (kind === 'Service') {
        const svc = inventory.service(ns, name);
        for (const w of svc ? inventory.workloadsOf(svc) : []) if (apps.has(w)) app.add(w);
      } else if (kind === 'Gateway') {
        for (const w of inventory.workloadsUsingWaypoint(ns, name)) if (apps.has(w)) app.add(w);
      } else if (waypoint) {
        for (const w of apps) if (inventory.dataPlaneOf(w).waypoint !== undefined) app.add(w);
      }
    }
    return { app: inventory.inManifestOrder(app), gatewayOnly };
  }
  const selected = inventory.workloadsSelectedBy(policy);
  const app = selected.filter((w) => apps.has(w));
  const labels = selectorLabels(policy) ?? {};
  const gatewaySelector = labels['gateway.networking.k8s.io/gateway-name'] !== undefined || labels.istio === 'ingressgateway' || labels.istio === 'egressgateway';
  return { app, gatewayOnly: app.length === 0 && (gatewaySelector || (selected.length > 0 && selected.every(isGatewayPod))) };
}

/** The highest risk of `workloads`; undefined when there are none. */
export function highestRisk(inventory: Inventory, workloads: readonly Workload[]): RiskLevel | undefined {
  const order: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
  let out: RiskLevel | undefined;
  for (const w of workloads) {
    const r = inventory.riskOf(w);
    if (out === undefined || order[r] > order[out]) out = r;
  }
  return out;
}

/** `{ risk }` for an outcome about `workloads`, or nothing (the engine then resolves it). */
export function riskOption(inventory: Inventory, workloads: readonly Workload[]): { risk?: RiskLevel } {
  const risk = highestRisk(inventory, workloads);
  return risk === undefined ? {} : { risk };
}

/** A SPIFFE identity's parts, from a principal (`td/ns/<ns>/sa/<sa>`, with or without `spiffe://`). */
export function parsePrincipal(principal: string): { trustDomain: string; namespace: string; serviceAccount: string } | undefined {
  const m = /^(?:spiffe:\/\/)?([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? { trustDomain: m[1], namespace: m[2], serviceAccount: m[3] } : undefined;
}

/** Istio's string match: `*` any non-empty value, `x*` prefix, `*x` suffix, else exact. */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Whether the identity `namespace/serviceAccount` is the waypoint Gateway of that name in that namespace. */
export function isWaypointIdentity(inventory: Inventory, namespace: string, serviceAccount: string): boolean {
  const gw = gatewayApiGateway(inventory, namespace, serviceAccount);
  return gw !== undefined && isWaypointGateway(gw);
}

/**
 * The waypoints a source names, when it names waypoint identities only (`principals` or
 * `serviceAccounts` and nothing else); undefined otherwise.
 */
export function waypointOnlySource(inventory: Inventory, source: Json, policyNamespace: string): string[] | undefined {
  const keys = Object.keys(source).filter((k) => source[k] !== undefined);
  if (keys.length === 0 || keys.some((k) => k !== 'principals' && k !== 'serviceAccounts')) return undefined;
  const ids = [
    ...strings(source.principals).map((p) => parsePrincipal(p)),
    ...strings(source.serviceAccounts).map((s) => (s.includes('/') ? { namespace: s.split('/')[0], serviceAccount: s.split('/')[1] } : { namespace: policyNamespace, serviceAccount: s })),
  ];
  if (ids.length === 0 || ids.some((id) => id === undefined || !isWaypointIdentity(inventory, id.namespace, id.serviceAccount))) return undefined;
  return ids.map((id) => `${id!.namespace}/${id!.serviceAccount}`);
}

/** Whether a policy only applies to egress gateway pods (`istio: egressgateway`), whose hosts are destinations, not APIs. */
export function isEgressGatewayPolicy(inventory: Inventory, policy: InventoryEntry): boolean {
  if (targetRefsOf(policy).length > 0) return false;
  if (selectorLabels(policy)?.istio === 'egressgateway') return true;
  const selected = inventory.workloadsSelectedBy(policy);
  return selected.length > 0 && selected.every((w) => w.podLabels.istio === 'egressgateway');
}
