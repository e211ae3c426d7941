// SPDX-License-Identifier: Apache-2.0
/** Minimal typed shapes of the `networking.istio.io/v1` objects the egress compilers emit. */

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
  readonly trafficPolicy: TrafficPolicy;
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
