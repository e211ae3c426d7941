// SPDX-License-Identifier: Apache-2.0
import type { DnsResolverModel } from '../lib/model/mesh-model';

/** Options of `NetworkSegmentation.enabled`. */
export interface NetworkSegmentationOptions {
  /**
   * Namespaces whose pods may scrape the proxy's Prometheus endpoints in the service's pods:
   * ports 15020 (the Istio agent's merged metrics) and 15090 (Envoy's statistics) with a
   * sidecar, 15020 with proxyless gRPC. Renders to one more `ingress` rule whose peers are
   * `namespaceSelector`s on `kubernetes.io/metadata.name`. Not accepted for ambient services:
   * their pods run no proxy (ztunnel's metrics are scraped on the node).
   *
   * @default - none: no pod can reach the proxy's metrics ports (scrapers on the host network
   * may, where the CNI does not apply NetworkPolicy to node traffic)
   */
  readonly monitoringNamespaces?: string[];
}

/**
 * L3 ingress segmentation under the mesh (NIST SP 800-204 MS-SS-13: for highly sensitive
 * applications, network segmentation beneath the mesh, so a bypassed or misconfigured proxy is
 * not fatal; SP 800-207A: network-tier and identity-tier policies together). An enabled service gets a
 * Kubernetes `NetworkPolicy` named after it, selecting exactly its pods, with `Ingress` in
 * `policyTypes`, admitting only what its enforced ALLOW rules admit:
 *
 * - a mesh service or an ingress gateway routing to the service: its pods
 *   (`namespaceSelector` on `kubernetes.io/metadata.name` and `podSelector`); a waypoint: its
 *   pods (`gateway.networking.k8s.io/gateway-name`);
 * - an identity no known workload presents (`WorkloadIdentity.fromServiceAccountName`, another
 *   trust domain): its whole namespace, since the policy cannot know which pods run as it;
 * - `Peer.namespace`: that namespace; `Peer.ipBlock`: an `ipBlock`;
 * - `Peer.anyAuthenticated()` / `Peer.anyone()`: no `from` restriction on the rule's ports —
 *   NetworkPolicy cannot tell mesh identities apart, and the identity tier (STRICT mTLS and the
 *   AuthorizationPolicy) still decides who gets through.
 *
 * Ports are the container ports each rule covers (every port of the service when it names
 * none). Callers on the ambient model reach sidecars and ambient pods over HBONE on 15008;
 * ambient services receive everything on 15008, behind a waypoint from the waypoint only. DENY,
 * L7 and end-user conditions stay with the identity tier (NetworkPolicy only adds allows).
 * Kubelet probes are not subject to NetworkPolicy in common CNIs (traffic from a node to its
 * own pods); with ambient, see Istio's notes on probes and NetworkPolicy. The proxy's metrics
 * ports stay closed unless `monitoringNamespaces` opens them.
 *
 * This class governs ingress. Egress is governed by the proxy model: sidecars by the namespace's
 * Sidecar (REGISTRY_ONLY, declared hosts); ambient and proxyless services, whose data plane
 * enforces no REGISTRY_ONLY, by the `Egress` rules of the same NetworkPolicy (see
 * `EgressSegmentation`, on by default for them). A service segmented in both directions gets one
 * NetworkPolicy with `policyTypes: [Ingress, Egress]`; one segmented in a single direction lists
 * only that one.
 *
 * Shared-node (Cilium) services are segmented by their CiliumNetworkPolicy already and take
 * no NetworkPolicy.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export abstract class NetworkSegmentation {
  /**
   * Segment the service's ingress: its NetworkPolicy gets `Ingress` in `policyTypes` and the
   * `ingress` rules above (the default for high-risk services; medium- and low-risk services may
   * opt in).
   */
  public static enabled(options: NetworkSegmentationOptions = {}): NetworkSegmentation {
    return new StaticSegmentation(true, undefined, options);
  }

  /**
   * No ingress segmentation for the service. For a high-risk service this is an exception to SP
   * 800-204 MS-SS-13 and needs a written justification of at least 10 characters (on any service:
   * the factory is named for it); the justification is recorded on the Deployment as the
   * annotation `mesh.cdk8s.io/network-exception` and reported by rule MESH-NET-01 as the
   * exception's reason. Egress is not affected: an ambient or proxyless service keeps an
   * egress-only NetworkPolicy unless `egressSegmentation` is disabled too.
   */
  public static disabled(justification: string): NetworkSegmentation {
    return new StaticSegmentation(false, justification, {});
  }

  /** @internal */
  public abstract _enabled(): boolean;

  /** @internal */
  public abstract _justification(): string | undefined;

  /** @internal */
  public abstract _options(): NetworkSegmentationOptions;
}

class StaticSegmentation extends NetworkSegmentation {
  constructor(private readonly enabled: boolean, private readonly justification: string | undefined, private readonly options: NetworkSegmentationOptions) {
    super();
  }
  public _enabled(): boolean {
    return this.enabled;
  }
  public _justification(): string | undefined {
    return this.justification;
  }
  public _options(): NetworkSegmentationOptions {
    return this.options;
  }
}

/** Options of `DnsResolver.pods` and `DnsResolver.ipBlock`. */
export interface DnsResolverOptions {
  /**
   * Port the DNS servers receive queries on, over UDP and TCP. NetworkPolicy matches the port of
   * the destination pod after the Service's translation, so this is the servers' container port
   * (5353 for OpenShift's DNS pods behind the `dns-default` Service on 53), or the port a node-local
   * cache listens on.
   *
   * @default 53
   */
  readonly port?: number;
}

/**
 * The cluster's DNS servers, as the egress NetworkPolicy of ambient and proxyless services allows
 * them (UDP and TCP, one `egress` rule whose `to` is the peer below). Clusters differ here:
 * CoreDNS keeps the `k8s-app: kube-dns` label in kube-system in upstream Kubernetes and most
 * distributions, but some label or place it otherwise (`k8s-app: coredns`; OpenShift's
 * `openshift-dns` on 5353), and a node-local DNS cache is reached on a link-local address by pods
 * whose resolver points to it.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
export abstract class DnsResolver {
  /**
   * CoreDNS (or kube-dns) as most clusters run it: pods labelled `k8s-app: kube-dns` in
   * `kube-system` on port 53. Renders to `to: [{ namespaceSelector: { matchLabels: {
   * kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }]`.
   */
  public static kubeDns(): DnsResolver {
    return new StaticDnsResolver({ kind: 'pods', namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }, {});
  }

  /**
   * DNS pods selected by their namespace and labels, e.g. `DnsResolver.pods('openshift-dns', {
   * 'dns.operator.openshift.io/daemonset-dns': 'default' }, { port: 5353 })`. Renders to a peer
   * with `namespaceSelector` (on `kubernetes.io/metadata.name`) and `podSelector`.
   */
  public static pods(namespace: string, podLabels: { [key: string]: string }, options: DnsResolverOptions = {}): DnsResolver {
    return new StaticDnsResolver({ kind: 'pods', namespace, podLabels }, options);
  }

  /**
   * DNS servers at an address block: a node-local DNS cache (`169.254.20.10`), the kube-dns
   * ClusterIP where a node-local cache intercepts it without translation, or servers outside the
   * cluster. A single address becomes `/32` (or `/128`). Renders to a peer with `ipBlock.cidr`.
   */
  public static ipBlock(cidr: string, options: DnsResolverOptions = {}): DnsResolver {
    return new StaticDnsResolver({ kind: 'ipBlock', cidr }, options);
  }

  /**
   * The resolver as the model holds it (port defaulted), before validation.
   * @internal
   */
  public abstract _toModel(): DnsResolverModel;

  /** @internal */
  public abstract _options(): DnsResolverOptions;
}

class StaticDnsResolver extends DnsResolver {
  constructor(private readonly selection: DnsResolverSelection, private readonly options: DnsResolverOptions) {
    super();
  }
  public _toModel(): DnsResolverModel {
    const port = this.options?.port ?? 53;
    return this.selection.kind === 'pods'
      ? { kind: 'pods', namespace: this.selection.namespace, podLabels: this.selection.podLabels, port }
      : { kind: 'ipBlock', cidr: this.selection.cidr, port };
  }
  public _options(): DnsResolverOptions {
    return this.options;
  }
}

/** Which DNS servers a `DnsResolver` names. */
type DnsResolverSelection =
  | { readonly kind: 'pods'; readonly namespace: string; readonly podLabels: { readonly [key: string]: string } }
  | { readonly kind: 'ipBlock'; readonly cidr: string };

/** Options of `EgressSegmentation.enabled`. */
export interface EgressSegmentationOptions {
  /**
   * Where the service's pods resolve names: the one destination outside the mesh the egress rules
   * always allow (UDP and TCP).
   *
   * @default DnsResolver.kubeDns()
   */
  readonly dns?: DnsResolver;
}

/**
 * L3 egress segmentation for the proxy models whose data plane does not enforce REGISTRY_ONLY
 * (NIST SP 800-204A SM-DR8: external destinations blocked by default; egress lockdown): ztunnel
 * (ambient) and the gRPC library (proxyless) forward to any address, and the Sidecar resource
 * governs sidecars only. An enabled service's NetworkPolicy (named after it, selecting its pods)
 * gets `Egress` in `policyTypes` and `egress` rules allowing only:
 *
 * - DNS: UDP and TCP to the cluster's DNS servers (`dns`, CoreDNS's `k8s-app: kube-dns` pods in
 *   kube-system by default);
 * - proxyless gRPC: istiod's pods (`app: istiod` in the mesh's root namespace) on 15012, where the
 *   pod's grpc-agent fetches the xDS configuration and its certificate;
 * - every mesh service whose enforced ALLOW rules admit this service (by its identity, its
 *   namespace, any authenticated peer or anyone), on the port the connection leaves on: from
 *   ambient, HBONE (15008) to the destination's pods, or to its waypoint's pods when it has one
 *   (plain TCP on the container ports to a shared-node pod, which Istio does not capture); from
 *   proxyless gRPC, the destination pods' container ports the rule covers (Istio mTLS straight to
 *   the pod). Pairs whose transports never meet (ambient and proxyless) get nothing.
 *
 * External services cannot be declared for these models (`allowEgressTo` is refused), so nothing
 * outside the mesh but DNS is reachable. Derived from the same intent at synth, sorted and
 * deterministic; `MeshService.networkPolicy.addJsonPatch(...)` is the escape hatch.
 *
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export abstract class EgressSegmentation {
  /**
   * Limit the service's egress with its NetworkPolicy (the default for ambient and proxyless
   * services). Not accepted on sidecar services (the namespace's Sidecar limits their egress)
   * and shared-node services (their CiliumNetworkPolicy does).
   */
  public static enabled(options: EgressSegmentationOptions = {}): EgressSegmentation {
    return new StaticEgressSegmentation(true, undefined, options);
  }

  /**
   * No egress rules for an ambient or proxyless service: it may then connect to any address, an
   * exception to SP 800-204A SM-DR8 that needs a written justification of at least 10 characters
   * (e.g. the CNI enforces no NetworkPolicy, or a cluster-wide egress policy covers it). The
   * justification is recorded on the Deployment as the annotation `mesh.cdk8s.io/egress-exception`.
   */
  public static disabled(justification: string): EgressSegmentation {
    return new StaticEgressSegmentation(false, justification, {});
  }

  /** @internal */
  public abstract _enabled(): boolean;

  /** @internal */
  public abstract _justification(): string | undefined;

  /** @internal */
  public abstract _options(): EgressSegmentationOptions;
}

class StaticEgressSegmentation extends EgressSegmentation {
  constructor(private readonly enabled: boolean, private readonly justification: string | undefined, private readonly options: EgressSegmentationOptions) {
    super();
  }
  public _enabled(): boolean {
    return this.enabled;
  }
  public _justification(): string | undefined {
    return this.justification;
  }
  public _options(): EgressSegmentationOptions {
    return this.options;
  }
}
