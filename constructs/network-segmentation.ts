// SPDX-License-Identifier: Apache-2.0

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
 * L3 segmentation under the mesh (NIST SP 800-204 MS-SS-13: for highly sensitive applications,
 * network segmentation beneath the mesh, so a bypassed or misconfigured proxy is not fatal; SP
 * 800-207A: network-tier and identity-tier policies together). An enabled service gets a
 * Kubernetes `NetworkPolicy` named after it, selecting exactly its pods, with `policyTypes:
 * [Ingress]`, admitting only what its enforced ALLOW rules admit:
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
 * ports stay closed unless `monitoringNamespaces` opens them. Egress is not restricted here
 * (the mesh governs it: REGISTRY_ONLY and Sidecar scopes).
 *
 * Shared-node (Cilium) services are segmented by their CiliumNetworkPolicy already and take
 * no NetworkPolicy.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export abstract class NetworkSegmentation {
  /**
   * Emit the service's NetworkPolicy (the default for high-risk services; medium- and low-risk
   * services may opt in).
   */
  public static enabled(options: NetworkSegmentationOptions = {}): NetworkSegmentation {
    return new StaticSegmentation(true, undefined, options);
  }

  /**
   * No NetworkPolicy for the service. For a high-risk service this is an exception to SP 800-204
   * MS-SS-13 and needs a written justification of at least 10 characters; the justification is
   * recorded on the Deployment as the annotation `mesh.cdk8s.io/network-exception` and reported
   * by rule MESH-NET-01 as the exception's reason.
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
