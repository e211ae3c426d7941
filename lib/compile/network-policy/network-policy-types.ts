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

/** `spec` of the emitted NetworkPolicy: ingress only. */
export interface NetworkPolicySpec {
  /** Selects exactly the service's pods in the policy's namespace. */
  readonly podSelector: MatchLabelsSelector;
  /** Always `['Ingress']`: egress is governed by the mesh (REGISTRY_ONLY, Sidecar scopes). */
  readonly policyTypes: readonly 'Ingress'[];
  /** What may connect; an empty list admits nothing. */
  readonly ingress: readonly NetworkPolicyIngressRule[];
}

/** One `ingress[]` rule: a connection from one of `from` (any source when absent) to one of `ports`. */
export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports: readonly NetworkPolicyPort[];
}

/** One `from[]` peer: pods (by namespace and labels) or an address block. */
export interface NetworkPolicyPeer {
  readonly ipBlock?: { readonly cidr: string };
  readonly namespaceSelector?: MatchLabelsSelector;
  readonly podSelector?: MatchLabelsSelector;
}

/** One `ports[]` entry: a TCP port of the pod (the container port, after the Service's translation). */
export interface NetworkPolicyPort {
  readonly port: number;
  readonly protocol: 'TCP';
}
