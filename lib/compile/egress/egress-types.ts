// SPDX-License-Identifier: Apache-2.0
/**
 * Minimal typed shapes of the `networking.istio.io/v1` (and, for the egress gateway's policies,
 * `security.istio.io/v1`) objects the egress compilers emit: exactly the fields set.
 */

export const ISTIO_NETWORKING_API = 'networking.istio.io/v1';

/** ServiceEntry `spec`. */
export interface ServiceEntrySpec {
  readonly hosts: readonly string[];
  readonly ports: readonly { readonly number: number; readonly name: string; readonly protocol: string; readonly targetPort?: number }[];
  readonly location: 'MESH_EXTERNAL';
  readonly resolution: 'DNS' | 'NONE';
  readonly exportTo: readonly string[];
}

/** DestinationRule `spec` (the fields the egress and resilience compilers set). */
export interface DestinationRuleSpec {
  readonly host: string;
  readonly exportTo?: readonly string[];
  readonly trafficPolicy?: TrafficPolicy;
  readonly subsets?: readonly { readonly name: string; readonly trafficPolicy: TrafficPolicy }[];
}

/** `trafficPolicy`. */
export interface TrafficPolicy {
  readonly connectionPool?: unknown;
  readonly outlierDetection?: unknown;
  readonly tls?: ClientTls;
  readonly portLevelSettings?: readonly { readonly port: { readonly number: number }; readonly tls?: ClientTls }[];
}

/** `trafficPolicy.tls`. */
export interface ClientTls {
  readonly mode: 'SIMPLE' | 'ISTIO_MUTUAL';
  readonly sni?: string;
  readonly subjectAltNames?: readonly string[];
  readonly credentialName?: string;
}

/** Sidecar `spec`. */
export interface SidecarSpec {
  readonly egress: readonly { readonly hosts: readonly string[] }[];
  readonly outboundTrafficPolicy: { readonly mode: 'REGISTRY_ONLY' | 'ALLOW_ANY' };
}

/** Istio `Gateway` `spec` (networking.istio.io/v1), as the egress gateway compiler sets it. */
export interface IstioGatewaySpec {
  readonly selector: Readonly<Record<string, string>>;
  readonly servers: readonly IstioGatewayServer[];
}

/** One `servers[]` entry: the gateway terminates Istio mTLS and matches the SNI against `hosts`. */
export interface IstioGatewayServer {
  readonly port: { readonly number: number; readonly name: string; readonly protocol: 'HTTPS' | 'TLS' };
  /** `<namespace>/<host>`: only VirtualServices of that namespace may bind. */
  readonly hosts: readonly string[];
  readonly tls: { readonly mode: 'ISTIO_MUTUAL' };
}

/** VirtualService `spec` of a route through the egress gateway. */
export interface EgressVirtualServiceSpec {
  readonly hosts: readonly string[];
  readonly gateways: readonly string[];
  readonly exportTo: readonly string[];
  readonly http?: readonly EgressRoute<{ readonly gateways: readonly string[]; readonly port: number }>[];
  readonly tls?: readonly EgressRoute<{ readonly gateways: readonly string[]; readonly port: number; readonly sniHosts: readonly string[] }>[];
  readonly tcp?: readonly EgressRoute<{ readonly gateways: readonly string[]; readonly port: number }>[];
}

/** One route of an egress VirtualService: a match and its single destination. */
export interface EgressRoute<TMatch> {
  readonly match: readonly TMatch[];
  readonly route: readonly { readonly destination: { readonly host: string; readonly subset?: string; readonly port: { readonly number: number } } }[];
}

/** `security.istio.io/v1` AuthorizationPolicy `spec` on the egress gateway. */
export interface EgressAuthorizationPolicySpec {
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly action: 'ALLOW' | 'DENY';
  readonly rules?: readonly EgressAuthorizationRule[];
}

/** One rule of an egress gateway policy (no HTTP-only attribute in DENY rules: b4). */
export interface EgressAuthorizationRule {
  readonly from?: readonly { readonly source: { readonly principals?: readonly string[]; readonly notPrincipals?: readonly string[] } }[];
  readonly to?: readonly { readonly operation: { readonly hosts: readonly string[] } }[];
  readonly when?: readonly { readonly key: string; readonly values: readonly string[] }[];
}
