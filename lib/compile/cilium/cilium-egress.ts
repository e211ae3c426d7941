// SPDX-License-Identifier: Apache-2.0
/**
 * `egress` of a service's CiliumNetworkPolicy: the shared-node counterpart of the namespace
 * Sidecar's REGISTRY_ONLY egress (DESIGN.md decision 5), so a shared-node workload reaches only
 * what the mesh declares, like a sidecar workload.
 *
 * The section is always present: a Cilium endpoint enters egress default-deny as soon as a policy
 * has egress rules, so emitting it only once an external dependency is declared would let a
 * service without one reach anything, and would make declaring one silently cut its calls inside
 * the mesh. It allows:
 * - DNS to kube-dns (`k8s-app: kube-dns` in `kube-system`, port 53), through Cilium's DNS proxy
 *   (`rules.dns` `matchPattern: "*"`): `toFQDNs` only learns addresses from DNS answers the proxy
 *   sees. Any name may be resolved; only the declared hosts become reachable.
 * - the mesh services that admit this service's identity (from the admission index; dry-run rules
 *   do not count) and that it can reach at all (`callProblem`: only shared-node servers accept a
 *   caller without an Istio certificate), on their container ports. Each destination's own
 *   policy still decides which requests pass.
 * - each declared external service: `toFQDNs` `matchName` per host, on its ports.
 * Nothing else: not the Kubernetes API server, nor in-cluster services outside the mesh model.
 */
import { compare } from '../access-rules';
import { admissionIndex } from '../admission-index';
import { callProblem } from '../capabilities';
import { externalKey } from '../egress/service-entry';
import { targetPorts, tcp } from './cilium-ingress';
import { NAMESPACE_LABEL, type EgressRule, type EndpointSelector } from './cilium-types';
import type { IdentityModel, MeshModel, ServiceModel } from '../../model/mesh-model';

/** kube-dns, as Cilium's DNS policy examples select it. */
export const KUBE_DNS: EndpointSelector = { matchLabels: { [NAMESPACE_LABEL]: 'kube-system', 'k8s:k8s-app': 'kube-dns' } };

/** DNS through Cilium's DNS proxy, which feeds `toFQDNs`. */
const DNS: EgressRule = {
  toEndpoints: [KUBE_DNS],
  toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
};

/** The egress rules of `service`: DNS, the mesh services it may call, its declared external services. */
export function egressRules(mesh: MeshModel, service: ServiceModel): EgressRule[] {
  const index = admissionIndex(mesh);
  const candidates = new Set([...index.open, ...(index.byNamespace.get(service.namespace) ?? [])]);
  const destinations = [...candidates]
    .filter((dst) => callProblem(service.proxyModel, dst.proxyModel) === undefined && admits(mesh, dst, service.identity))
    .sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  const internal: EgressRule[] = destinations.map((dst) => ({
    toEndpoints: [{ matchLabels: { ...dst.selector, [NAMESPACE_LABEL]: dst.namespace } }],
    toPorts: [{ ports: targetPorts(dst, dst.ports.map((p) => p.port)).map(tcp) }],
  }));
  const external: EgressRule[] = mesh.externalServices
    .filter((ext) => service.egress.includes(externalKey(ext)))
    .sort((a, b) => compare(externalKey(a), externalKey(b)))
    .map((ext) => ({
      toFQDNs: [...new Set(ext.hosts)].sort(compare).map((matchName) => ({ matchName })),
      toPorts: [{ ports: [...new Set(ext.ports.map((p) => p.port))].sort((a, b) => a - b).map(tcp) }],
    }));
  return [DNS, ...internal, ...external];
}

/**
 * Whether an enforced ALLOW rule of `dst` admits workloads of `identity` (the index is per
 * namespace only). A rule limited by `Condition.sourceIp` admits address blocks, never pods.
 */
function admits(mesh: MeshModel, dst: ServiceModel, identity: IdentityModel): boolean {
  return dst.access.some((rule) => rule.action === 'ALLOW' && !rule.dryRun && !rule.conditions.some((c) => c.key === 'source.ip') && rule.sources.some((s) => s.anyone || s.anyAuthenticated
    || s.namespaces.includes(identity.namespace)
    || s.identities.some((i) => i.namespace === identity.namespace && i.serviceAccount === identity.serviceAccount && (i.trustDomain ?? mesh.trustDomain) === mesh.trustDomain)));
}
