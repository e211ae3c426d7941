// SPDX-License-Identifier: Apache-2.0
/**
 * Where an ambient or proxyless service may connect to, derived from the model (SP 800-204A
 * SM-DR8: external destinations blocked by default). ztunnel and the gRPC library do not enforce
 * REGISTRY_ONLY, so the NetworkPolicy is the egress lockdown for these models: the cluster's DNS,
 * the control plane the pod itself talks to, and the mesh services whose enforced ALLOW rules
 * admit the service, on the ports its connections really leave on. Nothing else.
 */
import { HBONE_PORT, GATEWAY_NAME_LABEL, cidrOf, podsPeer, targetPorts } from './network-peers';
import type { NetworkPolicyPeer, NetworkPolicyPort } from './network-policy-types';
import { admissionIndex } from '../admission-index';
import { waypointName } from '../ambient/ambient-backend';
import type { DnsResolverModel, MeshModel, ServiceModel } from '../../model/mesh-model';

/**
 * Port of istiod's xDS and CA server over TLS (`https-dns` on the `istiod` Service): the
 * grpc-agent of a proxyless pod fetches the configuration it hands to the gRPC library, and the
 * workload certificate, there (`discoveryAddress` defaults to `istiod.<namespace>.svc:15012`).
 */
export const ISTIOD_XDS_PORT = 15012;

/** Label the istiod chart puts on istiod's pods, revisioned or not (the `istiod` Service selects it). */
export const ISTIOD_POD_LABELS: Readonly<Record<string, string>> = { app: 'istiod' };

/** One allowed destination: a peer on some ports. */
export interface EgressGrant {
  readonly peer: NetworkPolicyPeer;
  readonly ports: readonly NetworkPolicyPort[];
}

/**
 * The egress grants of `service`'s NetworkPolicy, unsorted; none when its egress is not
 * segmented. Only enforced ALLOW rules of the destinations count (DENY, AUDIT, CUSTOM and
 * dry-run rules admit nobody), and destinations whose transport the caller cannot speak are
 * left out (an ambient caller and a proxyless server, or the reverse, never meet).
 */
export function egressGrants(mesh: MeshModel, service: ServiceModel): EgressGrant[] {
  const segmentation = service.egressSegmentation;
  if (!segmentation) return [];
  const out: EgressGrant[] = [dnsGrant(segmentation.dns)];
  if (service.proxyModel === 'proxyless') {
    out.push({ peer: podsPeer(mesh.rootNamespace, ISTIOD_POD_LABELS), ports: tcp([ISTIOD_XDS_PORT]) });
  }
  for (const [destination, ports] of admittedPorts(mesh, service)) {
    const grant = destinationGrant(service, destination, ports);
    if (grant) out.push(grant);
  }
  return out;
}

/** DNS over UDP and TCP (large answers and retries after truncation use TCP). */
function dnsGrant(dns: DnsResolverModel): EgressGrant {
  const peer: NetworkPolicyPeer = dns.kind === 'pods' ? podsPeer(dns.namespace, dns.podLabels) : { ipBlock: { cidr: cidrOf(dns.cidr) } };
  return { peer, ports: [{ port: dns.port, protocol: 'TCP' }, { port: dns.port, protocol: 'UDP' }] };
}

/**
 * How `caller`'s connections reach `destination`, admitted on its container ports `ports`:
 *
 * - from ambient, ztunnel opens HBONE (15008) to every destination with an Istio proxy: the
 *   destination's waypoint pods when it has one (every caller goes through it), else its pods,
 *   sidecar pods included. A shared-node (Cilium) pod is not captured by Istio, so ztunnel sends
 *   it plain TCP on the container port. A proxyless server cannot terminate HBONE: none.
 * - from proxyless gRPC, the client opens Istio mTLS straight to the destination pod's container
 *   port. ztunnel accepts only HBONE: no ambient destination.
 */
function destinationGrant(caller: ServiceModel, destination: ServiceModel, ports: readonly number[]): EgressGrant | undefined {
  const pods = podsPeer(destination.namespace, destination.selector);
  if (caller.proxyModel === 'ambient') {
    switch (destination.proxyModel) {
      case 'proxyless': return undefined;
      case 'sharedNode': return { peer: pods, ports: tcp(ports) };
      case 'ambient':
        if (destination.waypoint) return { peer: podsPeer(destination.namespace, { [GATEWAY_NAME_LABEL]: waypointName(destination) }), ports: tcp([HBONE_PORT]) };
        return { peer: pods, ports: tcp([HBONE_PORT]) };
      default: return { peer: pods, ports: tcp([HBONE_PORT]) };
    }
  }
  if (destination.proxyModel === 'ambient') return undefined;
  return { peer: pods, ports: tcp(ports) };
}

/**
 * The destinations whose enforced ALLOW rules admit `caller`'s pods, in the mesh's order, each
 * with the container ports they admit it on (sorted): rules admitting any peer, the caller's
 * namespace, or its identity in the mesh's trust domain. IP blocks are not matched: the model
 * does not know pod addresses, and ambient and proxyless callers are admitted by identity.
 */
function admittedPorts(mesh: MeshModel, caller: ServiceModel): [ServiceModel, number[]][] {
  const { grants } = admissionIndex(mesh);
  const matching = [
    ...grants.anyone,
    ...(grants.byNamespace.get(caller.namespace) ?? []),
    ...(grants.byIdentity.get(`${caller.identity.namespace}/${caller.identity.serviceAccount}`) ?? []),
  ];
  const ports = new Map<number, { destination: ServiceModel; ports: Set<number> }>();
  for (const g of matching) {
    let entry = ports.get(g.position);
    if (!entry) ports.set(g.position, (entry = { destination: g.destination, ports: new Set() }));
    for (const p of targetPorts(g.destination, g.rule)) entry.ports.add(p);
  }
  return [...ports].sort(([a], [b]) => a - b).map(([, e]) => [e.destination, [...e.ports].sort((a, b) => a - b)]);
}

function tcp(ports: readonly number[]): NetworkPolicyPort[] {
  return ports.map((port) => ({ port, protocol: 'TCP' as const }));
}
