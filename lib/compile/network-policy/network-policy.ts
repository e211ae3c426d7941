// SPDX-License-Identifier: Apache-2.0
/**
 * L3 segmentation under the mesh (SP 800-204 MS-SS-13; SP 800-207A multi-tier policies): one
 * Kubernetes NetworkPolicy per segmented service, selecting exactly its pods and admitting only
 * the peers its identity tier admits, so a bypassed or misconfigured proxy is not fatal.
 *
 * What it cannot and does not express:
 * - DENY rules: NetworkPolicy only adds allows, so a peer an ALLOW rule admits is admitted at L3
 *   even where a DENY rule narrows it (the identity tier still denies);
 * - L7 and end-user conditions: a peer is admitted on the rule's ports whatever its paths,
 *   methods and tokens;
 * - kubelet probes: in common CNIs (Calico, Cilium, …) traffic from the node to its own pods is
 *   not subject to NetworkPolicy, so readiness probes keep working without a rule.
 */
import { admissions, type Admission } from './network-peers';
import { NETWORK_POLICY_API, type NetworkPolicyIngressRule, type NetworkPolicyPeer, type NetworkPolicySpec } from './network-policy-types';
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import type { MeshModel, ServiceModel } from '../../model/mesh-model';

export { HBONE_PORT, proxyMetricsPorts } from './network-peers';
export { NETWORK_POLICY_API } from './network-policy-types';

/**
 * Annotation on a service's Deployment recording why it has no NetworkPolicy (the written
 * justification of `NetworkSegmentation.disabled`); rule MESH-NET-01 reports it as an exception.
 */
export const NETWORK_EXCEPTION_ANNOTATION = 'mesh.cdk8s.io/network-exception';

/** Name of a service's NetworkPolicy: the service name. Part of the output contract. */
export function networkPolicyName(service: Pick<ServiceModel, 'name'>): string {
  return service.name;
}

/**
 * The NetworkPolicy of `service`, or undefined when it is not segmented. Deterministic: peers,
 * ports and rules are sorted, and peers with the same ports share one rule.
 */
export function networkPolicy(mesh: MeshModel, service: ServiceModel): Manifest<NetworkPolicySpec> | undefined {
  if (!service.networkSegmentation) return undefined;
  return {
    apiVersion: NETWORK_POLICY_API,
    kind: 'NetworkPolicy',
    metadata: { name: networkPolicyName(service), namespace: service.namespace },
    spec: {
      podSelector: { matchLabels: Object.fromEntries(Object.entries(service.selector).sort(([a], [b]) => compare(a, b))) },
      policyTypes: ['Ingress'],
      ingress: ingressRules(admissions(mesh, service)),
    },
  };
}

/**
 * Merges admissions into `ingress[]`: ports open to any source form one rule without `from`
 * (listed first) and are dropped from the peers; each peer gets the union of its ports; peers
 * with the same ports share a rule. Rules are ordered by their ports, peers by their JSON.
 */
function ingressRules(all: readonly Admission[]): NetworkPolicyIngressRule[] {
  const open = new Set(all.filter((a) => !a.peer).flatMap((a) => a.ports));
  const byPeer = new Map<string, { peer: NetworkPolicyPeer; ports: Set<number> }>();
  for (const a of all) {
    if (!a.peer) continue;
    const key = JSON.stringify(a.peer);
    let entry = byPeer.get(key);
    if (!entry) byPeer.set(key, (entry = { peer: a.peer, ports: new Set() }));
    for (const p of a.ports) if (!open.has(p)) entry.ports.add(p);
  }
  const byPorts = new Map<string, { ports: number[]; peers: { key: string; peer: NetworkPolicyPeer }[] }>();
  for (const [key, { peer, ports }] of byPeer) {
    if (ports.size === 0) continue;
    const sorted = [...ports].sort((a, b) => a - b);
    const portsKey = portKey(sorted);
    let group = byPorts.get(portsKey);
    if (!group) byPorts.set(portsKey, (group = { ports: sorted, peers: [] }));
    group.peers.push({ key, peer });
  }
  const rules: NetworkPolicyIngressRule[] = [];
  if (open.size > 0) rules.push({ ports: tcp([...open].sort((a, b) => a - b)) });
  for (const [, group] of [...byPorts].sort(([a], [b]) => compare(a, b))) {
    rules.push({ from: group.peers.sort((a, b) => compare(a.key, b.key)).map((p) => p.peer), ports: tcp(group.ports) });
  }
  return rules;
}

/** A sort key that orders port lists numerically. */
function portKey(ports: readonly number[]): string {
  return ports.map((p) => String(p).padStart(5, '0')).join(',');
}

function tcp(ports: readonly number[]): { port: number; protocol: 'TCP' }[] {
  return ports.map((port) => ({ port, protocol: 'TCP' as const }));
}
