// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of end-user authentication: RequestAuthentications, where each applies
 * (istio-authz-semantics §b1: selectors for pods, targetRefs for waypoints and gateways) and
 * which AuthorizationPolicies depend on a validated token.
 */
import type { Inventory, Workload } from '../../../analyze/inventory';
import { matchesLabels } from '../../../analyze/label-selector';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type Json, WAYPOINT_CLASSES, gatewayApiGateway, isGatewayPod, isWaypointGateway, matchesPattern, rulesOf, selectorLabels, sourcesOf, strings, targetRefsOf } from '../authz/authz-helpers';

/** The RequestAuthentications of the manifests. */
export function requestAuthentications(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('RequestAuthentication', 'security.istio.io');
}

/** Whether a `when` key reads the validated token. */
export function isRequestAuthKey(key: unknown): boolean {
  return typeof key === 'string' && key.startsWith('request.auth.');
}

/** Whether a rule matches on the end-user token (`requestPrincipals`, `notRequestPrincipals`, `request.auth.*` conditions). */
export function ruleUsesToken(rule: Json): boolean {
  return sourcesOf(rule).some((s) => strings(s.requestPrincipals).length > 0 || strings(s.notRequestPrincipals).length > 0)
    || (Array.isArray(rule.when) && rule.when.some((c) => isRequestAuthKey((c as Json | null)?.key)));
}

/** Whether any rule of the policy matches on the end-user token. */
export function policyUsesToken(policy: InventoryEntry): boolean {
  return rulesOf(policy).some(ruleUsesToken);
}

/** Whether a RequestAuthentication without targetRefs applies to the pods of `w` (own or root namespace, selector subset). */
export function appliesToPod(inventory: Inventory, ra: InventoryEntry, w: Workload): boolean {
  if (targetRefsOf(ra).length > 0) return false;
  const ns = ra.ref.namespace ?? 'default';
  if (ns !== w.namespace && ns !== inventory.rootNamespace) return false;
  return matchesLabels(selectorLabels(ra) ?? {}, w.podLabels);
}

/** A policy attachment point named by `targetRefs`. */
export interface TargetRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** Whether a RequestAuthentication applies where `target` (a Gateway, Service or ServiceEntry reference) is enforced. */
export function appliesToTarget(inventory: Inventory, ra: InventoryEntry, target: TargetRef): boolean {
  const ns = ra.ref.namespace ?? 'default';
  const refs = targetRefsOf(ra);
  if (ns === target.namespace && refs.some((r) => r.kind === target.kind && r.name === target.name)) return true;
  if (target.kind === 'Service' || target.kind === 'ServiceEntry') {
    // The Service's policies run in its waypoint: a RequestAuthentication on the waypoint covers it.
    const waypoint = waypointOfService(inventory, target);
    if (waypoint !== undefined && ns === target.namespace && refs.some((r) => r.kind === 'Gateway' && r.name === waypoint)) return true;
    return ns === inventory.rootNamespace && refs.some((r) => r.kind === 'GatewayClass' && WAYPOINT_CLASSES.has(String(r.name)));
  }
  if (target.kind !== 'Gateway' || refs.length > 0) return false;
  const gw = gatewayApiGateway(inventory, target.namespace, target.name);
  if (gw !== undefined && isWaypointGateway(gw)) return false;
  // Gateway API gateways fall back to selector matching on their pods' gateway-name label.
  if (ns !== target.namespace && ns !== inventory.rootNamespace) return false;
  const labels = selectorLabels(ra) ?? {};
  return matchesLabels(labels, { 'gateway.networking.k8s.io/gateway-name': target.name });
}

/** The waypoint a Service (or ServiceEntry) uses: its `istio.io/use-waypoint` label, else its namespace's, else its pods'. */
export function waypointOfService(inventory: Inventory, target: TargetRef): string | undefined {
  const entry = target.kind === 'Service' ? inventory.named('Service', '', target.namespace, target.name) : inventory.named('ServiceEntry', 'networking.istio.io', target.namespace, target.name);
  const own = entry ? stringMap(entry.object.metadata?.labels)['istio.io/use-waypoint'] : undefined;
  const value = own ?? inventory.namespaceLabels(target.namespace)['istio.io/use-waypoint'];
  if (value !== undefined) return value === 'none' ? undefined : value;
  // Else the waypoint its pods use (the inventory also reads their own label).
  const service = inventory.service(target.namespace, target.name);
  return service ? inventory.workloadsOf(service).map((w) => inventory.dataPlaneOf(w).waypoint).find((w) => w !== undefined) : undefined;
}

/** Whether a RequestAuthentication applies to an ingress or egress gateway (targetRefs to a non-waypoint Gateway, or gateway pods). */
export function appliesToGateway(inventory: Inventory, ra: InventoryEntry): string[] {
  const ns = ra.ref.namespace ?? 'default';
  const refs = targetRefsOf(ra);
  if (refs.length > 0) {
    return refs.filter((r) => r.kind === 'Gateway').map((r) => String(r.name ?? ''))
      .filter((name) => {
        const gw = gatewayApiGateway(inventory, ns, name);
        return gw === undefined || !isWaypointGateway(gw);
      }).map((name) => `Gateway ${ns}/${name}`);
  }
  const labels = selectorLabels(ra) ?? {};
  const named = labels['gateway.networking.k8s.io/gateway-name'];
  const pods = inventory.workloadsSelectedBy(ra).filter(isGatewayPod).map((w) => `${w.kind} ${w.namespace}/${w.name}`);
  if (pods.length) return pods;
  if (named !== undefined) return [`Gateway ${ns}/${named}`];
  if (labels.istio === 'ingressgateway' || labels.istio === 'egressgateway') return [`${labels.istio} pods`];
  return [];
}

/** Whether a `source` admits the mTLS identity `namespace/serviceAccount` (address fields are assumed to match). */
export function admitsIdentity(source: Json, id: { namespace: string; serviceAccount: string }, policyNamespace: string): boolean {
  const principal = (pattern: string): boolean => {
    const p = pattern.replace(/^spiffe:\/\//, '');
    const td = p.includes('/ns/') ? p.slice(0, p.indexOf('/ns/')) : 'cluster.local';
    return matchesPattern(p, `${td}/ns/${id.namespace}/sa/${id.serviceAccount}`);
  };
  const namespace = (pattern: string): boolean => new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(id.namespace);
  const account = (v: string): boolean => (v.includes('/') ? v === `${id.namespace}/${id.serviceAccount}` : policyNamespace === id.namespace && v === id.serviceAccount);
  const field = (name: string, match: (v: string) => boolean): boolean => {
    const pos = strings(source[name]);
    const neg = strings(source[`not${name[0].toUpperCase()}${name.slice(1)}`]);
    return (pos.length === 0 || pos.some(match)) && !neg.some(match);
  };
  return field('principals', principal) && field('namespaces', namespace) && field('serviceAccounts', account);
}

/** Whether the rule, for requests matching `source`, needs a validated token (`requestPrincipals`, or a `request.auth.*` condition with values). */
export function requiresToken(source: Json, rule: Json): boolean {
  if (strings(source.requestPrincipals).length > 0) return true;
  return arrayOf(rule.when).map(objectOf).some((c) => isRequestAuthKey(c.key) && strings(c.values).length > 0);
}

/** HTTP-carrying ports of a workload's Services, as the container ports policies name (`to.operation.ports`). */
export function httpTargetPorts(inventory: Inventory, w: Workload): string[] {
  const out = new Set<string>();
  for (const s of inventory.servicesOf(w)) {
    for (const p of s.ports) {
      const proto = (p.appProtocol ?? p.name?.split('-')[0] ?? '').toLowerCase();
      if (!HTTP_PROTOCOLS.has(proto)) continue;
      out.add(String(typeof p.targetPort === 'number' ? p.targetPort : namedPort(w, p.targetPort) ?? p.port));
    }
  }
  return [...out].sort();
}

const HTTP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

function namedPort(w: Workload, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  for (const c of arrayOf(w.podSpec.containers).map(objectOf)) {
    const port = arrayOf(c.ports).map(objectOf).find((x) => x.name === name);
    if (port && typeof port.containerPort === 'number') return port.containerPort;
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
