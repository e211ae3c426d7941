// SPDX-License-Identifier: Apache-2.0
/**
 * The minimal typed shape of the `networking.k8s.io/v1` NetworkPolicy the compiler emits: exactly
 * the fields emitted (DESIGN.md decision 2). The admission check of core kinds (`conform`,
 * `Conformance.coreOnly()`) proves it against the Kubernetes OpenAPI models.
 */

/** API group and version of NetworkPolicy. */
export const NETWORK_POLICY_API = 'networking.k8s.io/v1';

/** A label selector with `matchLabels` only (keys sorted). */
export interface MatchLabelsSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** The directions a NetworkPolicy restricts, in the order Kubernetes documents them. */
export type NetworkPolicyType = 'Ingress' | 'Egress';

/**
 * `spec` of the emitted NetworkPolicy. Each direction is listed in `policyTypes` exactly when its
 * rules are present: `Ingress` for L3 segmentation of callers (`networkSegmentation`), `Egress`
 * for ambient and proxyless services, whose data plane does not enforce REGISTRY_ONLY
 * (`egressSegmentation`); sidecar egress stays with the namespace's Sidecar.
 */
export interface NetworkPolicySpec {
  /** Selects exactly the service's pods in the policy's namespace. */
  readonly podSelector: MatchLabelsSelector;
  readonly policyTypes: readonly NetworkPolicyType[];
  /** What may connect to the pods; an empty list admits nothing. */
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  /** Where the pods may connect to; never empty (DNS is always allowed). */
  readonly egress?: readonly NetworkPolicyEgressRule[];
}

/** One `ingress[]` rule: a connection from one of `from` (any source when absent) to one of `ports`. */
export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

/** One `egress[]` rule: a connection to one of `to` on one of `ports` (`to` is always set). */
export interface NetworkPolicyEgressRule {
  readonly to: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

/** One `from[]` / `to[]` peer: pods (by namespace and labels) or an address block. */
export interface NetworkPolicyPeer {
  readonly ipBlock?: { readonly cidr: string };
  readonly namespaceSelector?: MatchLabelsSelector;
  readonly podSelector?: MatchLabelsSelector;
}

/** One `ports[]` entry: a port of the destination pod (the container port, after the Service's translation). */
export interface NetworkPolicyPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}
