// SPDX-License-Identifier: Apache-2.0
/**
 * L3 segmentation under the mesh (SP 800-204 MS-SS-13; SP 800-207A multi-tier policies; SP
 * 800-204A SM-DR8 for egress): one Kubernetes NetworkPolicy per segmented service, selecting
 * exactly its pods. Ingress admits only the peers its identity tier admits, so a bypassed or
 * misconfigured proxy is not fatal; egress (ambient and proxyless services, whose data plane does
 * not enforce REGISTRY_ONLY) allows only DNS, the control plane the pod talks to and the mesh
 * services that admit it.
 *
 * What it cannot and does not express:
 * - DENY rules: NetworkPolicy only adds allows, so a peer an ALLOW rule admits is admitted at L3
 *   even where a DENY rule narrows it (the identity tier still denies);
 * - L7 and end-user conditions: a peer is admitted on the rule's ports whatever its paths,
 *   methods and tokens;
 * - kubelet probes: in common CNIs (Calico, Cilium, …) traffic from the node to its own pods is
 *   not subject to NetworkPolicy, so readiness probes keep working without a rule.
 */
import { egressGrants, type EgressGrant } from './egress-peers';
import { admissions, type Admission } from './network-peers';
import {
  NETWORK_POLICY_API, type NetworkPolicyEgressRule, type NetworkPolicyIngressRule, type NetworkPolicyPeer, type NetworkPolicyPort, type NetworkPolicySpec, type NetworkPolicyType,
} from './network-policy-types';
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import type { MeshModel, ServiceModel } from '../../model/mesh-model';

export { ISTIOD_POD_LABELS, ISTIOD_XDS_PORT } from './egress-peers';
export { HBONE_PORT, proxyMetricsPorts } from './network-peers';
export { NETWORK_POLICY_API } from './network-policy-types';

/**
 * Annotation on a service's Deployment recording why its ingress is not segmented (the written
 * justification of `NetworkSegmentation.disabled`; an ambient or proxyless service may still have
 * an egress-only NetworkPolicy); rule MESH-NET-01 reports it as an exception.
 */
export const NETWORK_EXCEPTION_ANNOTATION = 'mesh.cdk8s.io/network-exception';

/**
 * Annotation on a service's Deployment recording why its egress is not segmented although its
 * proxy model does not enforce REGISTRY_ONLY (the written justification of
 * `EgressSegmentation.disabled`); the egress rules can report it as the exception's reason.
 */
export const EGRESS_EXCEPTION_ANNOTATION = 'mesh.cdk8s.io/egress-exception';

/** Name of a service's NetworkPolicy: the service name. Part of the output contract. */
export function networkPolicyName(service: Pick<ServiceModel, 'name'>): string {
  return service.name;
}

/**
 * The NetworkPolicy of `service`, or undefined when it is segmented in neither direction.
 * `policyTypes` lists `Ingress` when `networkSegmentation` is set and `Egress` when
 * `egressSegmentation` is; only the listed directions have rules. Deterministic: peers, ports and
 * rules are sorted, and peers with the same ports share one rule.
 */
export function networkPolicy(mesh: MeshModel, service: ServiceModel): Manifest<NetworkPolicySpec> | undefined {
  const ingress = service.networkSegmentation !== undefined;
  const egress = service.egressSegmentation !== undefined;
  if (!ingress && !egress) return undefined;
  const policyTypes: NetworkPolicyType[] = [...(ingress ? ['Ingress' as const] : []), ...(egress ? ['Egress' as const] : [])];
  return {
    apiVersion: NETWORK_POLICY_API,
    kind: 'NetworkPolicy',
    metadata: { name: networkPolicyName(service), namespace: service.namespace },
    spec: {
      podSelector: { matchLabels: Object.fromEntries(Object.entries(service.selector).sort(([a], [b]) => compare(a, b))) },
      policyTypes,
      ...(ingress ? { ingress: ingressRules(admissions(mesh, service)) } : {}),
      ...(egress ? { egress: egressRules(egressGrants(mesh, service)) } : {}),
    },
  };
}

/** Ingress admissions arrive over TCP: Istio mTLS, HBONE and the proxy's metrics are all TCP. */
function ingressRules(all: readonly Admission[]): NetworkPolicyIngressRule[] {
  return mergeRules(all.map((a) => ({ peer: a.peer, ports: a.ports.map((port) => ({ port, protocol: 'TCP' as const })) })))
    .map((r) => (r.peers ? { from: r.peers, ports: r.ports } : { ports: r.ports }));
}

/** Egress grants always name their peer, so every rule has `to`. */
function egressRules(all: readonly EgressGrant[]): NetworkPolicyEgressRule[] {
  return mergeRules(all).map((r) => ({ to: r.peers ?? [], ports: r.ports }));
}

/** One grant before merging: a peer (any peer when absent) on some ports. */
interface Grant {
  readonly peer?: NetworkPolicyPeer;
  readonly ports: readonly NetworkPolicyPort[];
}

/** One merged rule: the peers (any peer when absent) sharing exactly these ports. */
interface MergedRule {
  readonly peers?: NetworkPolicyPeer[];
  readonly ports: NetworkPolicyPort[];
}

/**
 * Merges grants into rules: ports open to any peer form one rule without peers (listed first)
 * and are dropped from the peers; each peer gets the union of its ports; peers with the same
 * ports share a rule. Rules are ordered by their ports (numerically, then by protocol), peers by
 * their JSON.
 */
function mergeRules(all: readonly Grant[]): MergedRule[] {
  const open = new Map<string, NetworkPolicyPort>();
  for (const g of all) if (!g.peer) for (const p of g.ports) open.set(portKey(p), p);
  const byPeer = new Map<string, { peer: NetworkPolicyPeer; ports: Map<string, NetworkPolicyPort> }>();
  for (const g of all) {
    if (!g.peer) continue;
    const key = JSON.stringify(g.peer);
    let entry = byPeer.get(key);
    if (!entry) byPeer.set(key, (entry = { peer: g.peer, ports: new Map() }));
    for (const p of g.ports) if (!open.has(portKey(p))) entry.ports.set(portKey(p), p);
  }
  const byPorts = new Map<string, { ports: NetworkPolicyPort[]; peers: { key: string; peer: NetworkPolicyPeer }[] }>();
  for (const [key, { peer, ports }] of byPeer) {
    if (ports.size === 0) continue;
    const sorted = sortPorts(ports);
    const portsKey = sorted.map(portKey).join(',');
    let group = byPorts.get(portsKey);
    if (!group) byPorts.set(portsKey, (group = { ports: sorted, peers: [] }));
    group.peers.push({ key, peer });
  }
  const rules: MergedRule[] = [];
  if (open.size > 0) rules.push({ ports: sortPorts(open) });
  for (const [, group] of [...byPorts].sort(([a], [b]) => compare(a, b))) {
    rules.push({ peers: group.peers.sort((a, b) => compare(a.key, b.key)).map((p) => p.peer), ports: group.ports });
  }
  return rules;
}

function sortPorts(ports: ReadonlyMap<string, NetworkPolicyPort>): NetworkPolicyPort[] {
  return [...ports].sort(([a], [b]) => compare(a, b)).map(([, p]) => ({ port: p.port, protocol: p.protocol }));
}

/** A sort key that orders ports numerically, then by protocol (`TCP` before `UDP`). */
function portKey(p: NetworkPolicyPort): string {
  return `${String(p.port).padStart(5, '0')}/${p.protocol}`;
}
