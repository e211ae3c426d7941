// SPDX-License-Identifier: Apache-2.0
/**
 * Minimal typed shapes of the `cilium.io/v2` CiliumNetworkPolicy fields the shared-node compiler
 * emits: exactly the fields set (DESIGN.md decision 2). Cilium's CRDs are not in `../shared/crds`,
 * so the shapes follow Cilium's documented API (`pkg/policy/api`, Documentation/security/policy)
 * and are pinned field by field in `synth-tests/proxy-models/cilium.test.ts`.
 *
 * @see https://docs.cilium.io/en/stable/security/policy/language/
 */

/** API group and version of CiliumNetworkPolicy. */
export const CILIUM_API = 'cilium.io/v2';

/** Kind of the emitted object. */
export const CILIUM_NETWORK_POLICY = 'CiliumNetworkPolicy';

/** Endpoint label Cilium derives from the pod's ServiceAccount (Cilium docs, "ServiceAccounts"). */
export const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';

/** Endpoint label holding the pod's namespace; without it a selector only matches the policy's namespace. */
export const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** A Kubernetes label selector over Cilium endpoint labels. */
export interface EndpointSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: 'Exists' }[];
}

/** `toPorts[].ports[]`: ports are strings in Cilium's API. */
export interface PortProtocol {
  readonly port: string;
  readonly protocol: 'TCP' | 'ANY';
}

/** `toPorts[].rules.http[]`: every set field must match; `path`, `method` and `host` are RE2 regexes matched against the whole value. */
export interface HttpRule {
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  /** `Name: value` (exact value). */
  readonly headers?: readonly string[];
}

/** `toPorts[].rules.dns[]`. */
export interface DnsRule {
  readonly matchPattern: string;
}

/** `toPorts[]` of an allow rule. */
export interface PortRule {
  readonly ports: readonly PortProtocol[];
  readonly rules?: { readonly http?: readonly HttpRule[]; readonly dns?: readonly DnsRule[] };
}

/** `ingress[]`: one L3 selector kind per rule (Cilium rejects mixing them). */
export interface IngressRule {
  readonly fromEndpoints?: readonly EndpointSelector[];
  readonly fromCIDR?: readonly string[];
  /** An explicit empty list selects nothing (Cilium ≥ 1.15). */
  readonly fromEntities?: readonly string[];
  readonly authentication?: { readonly mode: 'required' };
  readonly toPorts?: readonly PortRule[];
}

/** `ingressDeny[]`: L3/L4 only (no `rules`). */
export interface IngressDenyRule {
  readonly fromEndpoints?: readonly EndpointSelector[];
  readonly fromEntities?: readonly string[];
  readonly toPorts?: readonly { readonly ports: readonly PortProtocol[] }[];
}

/** `egress[]`. */
export interface EgressRule {
  readonly toEndpoints?: readonly EndpointSelector[];
  readonly toFQDNs?: readonly { readonly matchName: string }[];
  readonly toPorts?: readonly PortRule[];
}

/** CiliumNetworkPolicy `spec`. */
export interface CiliumNetworkPolicySpec {
  readonly endpointSelector: EndpointSelector;
  readonly enableDefaultDeny: { readonly ingress: true; readonly egress: true };
  readonly ingress: readonly IngressRule[];
  readonly ingressDeny?: readonly IngressDenyRule[];
  readonly egress: readonly EgressRule[];
}

/** Selects every pod of the cluster (Cilium adds the same requirement to clusterwide selectors). */
export const ALL_PODS: EndpointSelector = { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'Exists' }] };
