// SPDX-License-Identifier: Apache-2.0
/**
 * What the identity tier of a service admits, translated to network peers and pod ports
 * (SP 800-207A multi-tier policies): every peer an enforced ALLOW rule admits is admitted at L3
 * on the ports its traffic really arrives on, and nothing else.
 */
import type { NetworkPolicyPeer } from './network-policy-types';
import { waypointName } from '../ambient/ambient-backend';
import type { AccessRuleModel, IdentityModel, MeshModel, ProxyModelKind, ServiceModel, SourceModel } from '../../model/mesh-model';

/** Port on which ztunnel, waypoints and HBONE-capable sidecars receive HBONE tunnels. */
export const HBONE_PORT = 15008;

/** Label Kubernetes sets on every Namespace to its name (Kubernetes ≥ 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Label Istio sets on the pods it deploys for a Gateway API `Gateway` (ingress gateways and waypoints). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * The proxy's Prometheus ports in a pod of each model: 15020 (the Istio agent's merged metrics)
 * and 15090 (Envoy's statistics) with a sidecar; 15020 with proxyless gRPC, whose agent runs no
 * Envoy; none on ambient pods (ztunnel is scraped on the node) and shared-node pods.
 */
export function proxyMetricsPorts(kind: ProxyModelKind): readonly number[] {
  switch (kind) {
    case 'sidecar': return [15020, 15090];
    case 'proxyless': return [15020];
    default: return [];
  }
}

/** One admission: a peer (any source when absent) on some ports of the pod. */
export interface Admission {
  readonly peer?: NetworkPolicyPeer;
  readonly ports: readonly number[];
}

/**
 * How a caller's connections reach a pod: Istio mTLS straight to the container port (sidecars,
 * proxyless gRPC, gateways), HBONE on 15008 (ztunnel), or either (waypoints, and callers whose
 * model is unknown but may be ambient).
 */
type Transport = 'mtls' | 'hbone' | 'either';

/** The pods behind one identity, when the model knows them. */
interface KnownCaller {
  readonly peer: NetworkPolicyPeer;
  readonly transport: Transport;
}

/**
 * The admissions of `service`'s NetworkPolicy, unsorted. Only enforced ALLOW rules admit (DENY,
 * AUDIT and CUSTOM rules add no source; dry-run rules are not enforced).
 */
export function admissions(mesh: MeshModel, service: ServiceModel): Admission[] {
  const segmentation = service.networkSegmentation;
  if (!segmentation) return [];
  const allow = service.access.filter((r) => r.action === 'ALLOW' && !r.dryRun);
  const out: Admission[] = [];
  if (service.proxyModel === 'ambient' && service.waypoint) {
    // Behind a waypoint, ztunnel admits only the waypoint's identity (and only once an ALLOW
    // rule is enforced): every caller reaches the pods through the waypoint, over HBONE.
    if (allow.length > 0) out.push({ peer: podsPeer(service.namespace, { [GATEWAY_NAME_LABEL]: waypointName(service) }), ports: [HBONE_PORT] });
  } else {
    const resolve = callerResolver(mesh, service);
    const ambientNamespaces = meshCallers(mesh).ambientNamespaces;
    const unknownIn = (namespace: string): Transport => (ambientNamespaces.has(namespace) ? 'either' : 'mtls');
    for (const rule of allow) {
      const target = targetPorts(service, rule);
      const ports = (transport: Transport) => podPorts(service.proxyModel, transport, target);
      for (const source of rule.sources) out.push(...sourceAdmissions(source, resolve, unknownIn, ambientNamespaces.size > 0, ports));
    }
  }
  const metrics = proxyMetricsPorts(service.proxyModel);
  if (metrics.length > 0) for (const namespace of segmentation.monitoringNamespaces) out.push({ peer: namespacePeer(namespace), ports: metrics });
  return out;
}

function sourceAdmissions(
  source: SourceModel,
  resolve: (identity: IdentityModel) => KnownCaller | undefined,
  unknownIn: (namespace: string) => Transport,
  meshHasAmbient: boolean,
  ports: (transport: Transport) => number[],
): Admission[] {
  // Any (authenticated) caller: no `from`; the identity tier still decides who gets through.
  if (source.anyone || source.anyAuthenticated) return [{ ports: ports(meshHasAmbient ? 'either' : 'mtls') }];
  const out: Admission[] = [];
  for (const identity of source.identities) {
    const known = resolve(identity);
    // An identity no known workload presents: its pods are unknown, so its whole namespace.
    out.push(known ? { peer: known.peer, ports: ports(known.transport) } : { peer: namespacePeer(identity.namespace), ports: ports(unknownIn(identity.namespace)) });
  }
  for (const namespace of source.namespaces) out.push({ peer: namespacePeer(namespace), ports: ports(unknownIn(namespace)) });
  for (const block of source.ipBlocks) out.push({ peer: { ipBlock: { cidr: cidrOf(block) } }, ports: ports('mtls') });
  return out;
}

/**
 * Finds the pods behind an identity of the mesh's trust domain: a mesh service's, a waypoint's
 * (`<service>-waypoint` or the namespace's `waypoint`), or an ingress gateway's the service
 * recorded. Identities of another trust domain are never resolved.
 */
function callerResolver(mesh: MeshModel, service: ServiceModel): (identity: IdentityModel) => KnownCaller | undefined {
  const recorded = new Map<string, KnownCaller>();
  for (const c of service.networkSegmentation?.callerPods ?? []) recorded.set(identityKey(c.identity), { peer: podsPeer(c.identity.namespace, c.podLabels), transport: 'mtls' });
  const { known } = meshCallers(mesh);
  return (identity) => {
    if ((identity.trustDomain ?? mesh.trustDomain) !== mesh.trustDomain) return undefined;
    const key = identityKey(identity);
    // mesh services win over recorded gateway pods, which win over waypoints
    return known.services.get(key) ?? recorded.get(key) ?? known.waypoints.get(key);
  };
}

function identityKey(i: IdentityModel): string {
  return `${i.namespace}/${i.serviceAccount}`;
}

/** What every service's NetworkPolicy reads from the whole mesh, computed once per model. */
interface MeshCallers {
  readonly known: { readonly services: ReadonlyMap<string, KnownCaller>; readonly waypoints: ReadonlyMap<string, KnownCaller> };
  readonly ambientNamespaces: ReadonlySet<string>;
}

const MESH_CALLERS = new WeakMap<MeshModel, MeshCallers>();

function meshCallers(mesh: MeshModel): MeshCallers {
  let callers = MESH_CALLERS.get(mesh);
  if (!callers) {
    const services = new Map<string, KnownCaller>();
    const waypoints = new Map<string, KnownCaller>();
    for (const s of mesh.services) {
      if (s.proxyModel === 'ambient' && s.waypoint) {
        const name = waypointName(s);
        waypoints.set(`${s.namespace}/${name}`, { peer: podsPeer(s.namespace, { [GATEWAY_NAME_LABEL]: name }), transport: 'either' });
      }
      services.set(identityKey(s.identity), { peer: podsPeer(s.namespace, s.selector), transport: s.proxyModel === 'ambient' ? 'hbone' : 'mtls' });
    }
    callers = { known: { services, waypoints }, ambientNamespaces: new Set(mesh.services.filter((s) => s.proxyModel === 'ambient').map((s) => s.namespace)) };
    MESH_CALLERS.set(mesh, callers);
  }
  return callers;
}

/**
 * Pod ports a caller's connections arrive on. Ambient pods receive everything over HBONE on
 * 15008 (ztunnel proxies it back to the original port inside the pod). Sidecars receive Istio
 * mTLS on the container port and, from ztunnel, HBONE on 15008. Proxyless gRPC servers receive
 * Istio mTLS only (an HBONE caller cannot reach them at all).
 */
function podPorts(destination: ProxyModelKind, transport: Transport, target: readonly number[]): number[] {
  if (destination === 'ambient') return [HBONE_PORT];
  if (destination === 'proxyless' || transport === 'mtls') return [...target];
  return transport === 'hbone' ? [HBONE_PORT] : [...target, HBONE_PORT];
}

/** Container ports a rule covers: its service ports translated, or every port of the service. */
export function targetPorts(service: ServiceModel, rule: AccessRuleModel): number[] {
  const ports = rule.ports.length > 0 ? service.ports.filter((p) => rule.ports.includes(p.port)) : service.ports;
  return ports.map((p) => p.targetPort);
}

/** Every pod of `namespace`. */
export function namespacePeer(namespace: string): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
}

/** The pods of `namespace` that carry `labels`. */
export function podsPeer(namespace: string, labels: Readonly<Record<string, string>>): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchLabels: sortedRecord(labels) } };
}

/** NetworkPolicy takes CIDR blocks only; Istio also takes single addresses. */
export function cidrOf(block: string): string {
  if (block.includes('/')) return block;
  return block.includes(':') ? `${block}/128` : `${block}/32`;
}

function sortedRecord(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
