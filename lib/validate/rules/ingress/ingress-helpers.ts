// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of ingress for the ingress, authz and end-user rules: which gateways are
 * ingress gateways (Gateway API Gateways that are not waypoints, Istio Gateways that are not
 * egress gateways), the routes bound to them, the Services and workloads behind those routes,
 * and the identity the gateway presents to them.
 */
import type { Inventory, ServiceInfo, Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { matchesLabels } from '../../../analyze/label-selector';
import { isWaypointGateway, specOf, strings } from '../authz/authz-helpers';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** Gateway API route kinds that bind to a Gateway listener. */
export const ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'];

/** An ingress gateway of either API. */
export interface IngressGateway {
  readonly entry: InventoryEntry;
  readonly api: 'gateway-api' | 'istio';
}

/** Gateway API Gateways that are not waypoints. */
export function gatewayApiIngresses(inventory: Inventory): InventoryEntry[] {
  return inventory.ofKind('Gateway', GATEWAY_API_GROUP).filter((g) => !isWaypointGateway(g));
}

/** Whether an Istio Gateway is an egress gateway: it selects `istio: egressgateway` pods. */
export function isEgressIstioGateway(inventory: Inventory, gateway: InventoryEntry): boolean {
  const selector = stringMap(specOf(gateway).selector);
  if (selector.istio === 'egressgateway') return true;
  const pods = istioGatewayPods(inventory, gateway);
  return pods.length > 0 && pods.every((w) => w.podLabels.istio === 'egressgateway');
}

/** networking.istio.io Gateways that are not egress gateways. */
export function istioIngresses(inventory: Inventory): InventoryEntry[] {
  return inventory.ofKind('Gateway', ISTIO_NETWORKING_GROUP).filter((g) => !isEgressIstioGateway(inventory, g));
}

/** Every ingress gateway, Gateway API first. */
export function ingressGateways(inventory: Inventory): IngressGateway[] {
  return [
    ...gatewayApiIngresses(inventory).map((entry) => ({ entry, api: 'gateway-api' as const })),
    ...istioIngresses(inventory).map((entry) => ({ entry, api: 'istio' as const })),
  ];
}

/** Pods an Istio Gateway's `selector` selects (any namespace, as Istio does by default). */
export function istioGatewayPods(inventory: Inventory, gateway: InventoryEntry): Workload[] {
  const selector = stringMap(specOf(gateway).selector);
  if (Object.keys(selector).length === 0) return [];
  return inventory.workloads.filter((w) => matchesLabels(selector, w.podLabels));
}

/** A route's parent Gateway reference (kind Gateway of the Gateway API). */
export interface ParentRef {
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** The Gateway parents of a Gateway API route (`kind` and `group` default to Gateway). */
export function gatewayParents(route: InventoryEntry): ParentRef[] {
  const ns = route.ref.namespace ?? 'default';
  return arrayOf(specOf(route).parentRefs).map(objectOf).filter((p) => (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)
    .map((p) => ({
      namespace: typeof p.namespace === 'string' ? p.namespace : ns,
      name: String(p.name ?? ''),
      ...(typeof p.sectionName === 'string' ? { sectionName: p.sectionName } : {}),
      ...(typeof p.port === 'number' ? { port: p.port } : {}),
    }));
}

/** Gateway API routes of every kind. */
export function gatewayRoutes(inventory: Inventory): InventoryEntry[] {
  return ROUTE_KINDS.flatMap((k) => inventory.ofKind(k, GATEWAY_API_GROUP));
}

/** Routes whose parentRefs name `gateway`, with the matching parent references. */
export function routesOf(inventory: Inventory, gateway: InventoryEntry): { route: InventoryEntry; parents: ParentRef[] }[] {
  const ns = gateway.ref.namespace ?? 'default';
  return gatewayRoutes(inventory).flatMap((route) => {
    const parents = gatewayParents(route).filter((p) => p.namespace === ns && p.name === gateway.ref.name);
    return parents.length ? [{ route, parents }] : [];
  });
}

/** The Service a host names (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>`), resolved in `namespace`. */
export function serviceOfHost(inventory: Inventory, host: string, namespace: string): ServiceInfo | undefined {
  const bare = host.includes('/') ? host.slice(host.indexOf('/') + 1) : host;
  const parts = bare.split('.');
  if (parts.length >= 3 && parts[2] !== 'svc') return undefined;
  const ns = parts.length >= 2 ? parts[1] : namespace;
  return inventory.services.find((s) => s.name === parts[0] && s.namespace === ns);
}

/** The Services a Gateway API route forwards to (`backendRefs` of kind Service). */
export function routeBackends(inventory: Inventory, route: InventoryEntry): ServiceInfo[] {
  const ns = route.ref.namespace ?? 'default';
  const out = new Set<ServiceInfo>();
  for (const rule of arrayOf(specOf(route).rules).map(objectOf)) {
    for (const b of arrayOf(rule.backendRefs).map(objectOf)) {
      if ((b.kind ?? 'Service') !== 'Service' || !['', 'core'].includes(String(b.group ?? ''))) continue;
      const bns = typeof b.namespace === 'string' ? b.namespace : ns;
      const s = inventory.services.find((x) => x.name === b.name && x.namespace === bns);
      if (s) out.add(s);
    }
  }
  return [...out];
}

/** The Istio Gateway `ns/name` a VirtualService's `gateways` entry names; undefined for `mesh`. */
export function vsGatewayRef(vs: InventoryEntry, value: string): { namespace: string; name: string } | undefined {
  if (value === 'mesh') return undefined;
  const i = value.indexOf('/');
  return i < 0 ? { namespace: vs.ref.namespace ?? 'default', name: value } : { namespace: value.slice(0, i), name: value.slice(i + 1) };
}

/** VirtualServices bound to the Istio Gateway `gateway`. */
export function virtualServicesOf(inventory: Inventory, gateway: InventoryEntry): InventoryEntry[] {
  return inventory.ofKind('VirtualService', ISTIO_NETWORKING_GROUP).filter((vs) => strings(specOf(vs).gateways).some((g) => {
    const ref = vsGatewayRef(vs, g);
    return ref !== undefined && ref.name === gateway.ref.name && ref.namespace === (gateway.ref.namespace ?? 'default');
  }));
}

/** The Services a VirtualService routes to (`http`, `tls` and `tcp` destinations). */
export function vsDestinations(inventory: Inventory, vs: InventoryEntry): ServiceInfo[] {
  const spec = specOf(vs);
  const out = new Set<ServiceInfo>();
  for (const section of ['http', 'tls', 'tcp']) {
    for (const r of arrayOf(spec[section]).map(objectOf)) {
      for (const d of arrayOf(r.route).map(objectOf)) {
        const host = objectOf(d.destination).host;
        const s = typeof host === 'string' ? serviceOfHost(inventory, host, vs.ref.namespace ?? 'default') : undefined;
        if (s) out.add(s);
      }
    }
  }
  return [...out];
}

/** Application workloads a gateway reaches through its routes, with the route that reaches each. */
export function reachedWorkloads(inventory: Inventory, gateway: IngressGateway): Map<Workload, InventoryEntry> {
  const apps = inventory.applicationWorkloadSet();
  const out = new Map<Workload, InventoryEntry>();
  const routes = gateway.api === 'gateway-api'
    ? routesOf(inventory, gateway.entry).map((r) => ({ route: r.route, services: routeBackends(inventory, r.route) }))
    : virtualServicesOf(inventory, gateway.entry).map((vs) => ({ route: vs, services: vsDestinations(inventory, vs) }));
  for (const { route, services } of routes) {
    for (const s of services) for (const w of inventory.workloadsOf(s)) if (apps.has(w) && !out.has(w)) out.set(w, route);
  }
  return out;
}

/**
 * The identities (`namespace/serviceAccount`) a gateway presents to its backends: class-`istio`
 * Gateways run as `<name>-istio` (istio-authz-semantics §b6); Istio Gateways as their pods'
 * service account, or Istio's default ingress gateway account.
 */
export function gatewayIdentities(inventory: Inventory, gateway: IngressGateway): { namespace: string; serviceAccount: string }[] {
  const ns = gateway.entry.ref.namespace ?? 'default';
  if (gateway.api === 'gateway-api') {
    const pods = inventory.workloads.filter((w) => w.namespace === ns && w.podLabels['gateway.networking.k8s.io/gateway-name'] === gateway.entry.ref.name);
    if (pods.length) return pods.map((w) => ({ namespace: w.namespace, serviceAccount: w.serviceAccount }));
    return [{ namespace: ns, serviceAccount: `${gateway.entry.ref.name}-istio` }];
  }
  const pods = istioGatewayPods(inventory, gateway.entry);
  if (pods.length) return pods.map((w) => ({ namespace: w.namespace, serviceAccount: w.serviceAccount }));
  return [{ namespace: inventory.rootNamespace, serviceAccount: 'istio-ingressgateway-service-account' }];
}
