// SPDX-License-Identifier: Apache-2.0
/** Names of the egress gateway objects. Part of the output contract: renaming one is a breaking change. */
import type { EgressGatewayModel, ExternalServiceModel } from '../../model/egress-model';

/** `namespace/serviceName`: identifies an egress gateway (one per app, claimed by the construct). */
export function egressGatewayKey(gateway: Pick<EgressGatewayModel, 'namespace' | 'serviceName'>): string {
  return `${gateway.namespace}/${gateway.serviceName}`;
}

/** The Istio `Gateway` and the `DestinationRule` towards the gateway are named after its Service. */
export function egressGatewayObjectName(gateway: Pick<EgressGatewayModel, 'serviceName'>): string {
  return gateway.serviceName;
}

/** The gateway's ALLOW policy. */
export function egressAllowPolicyName(gateway: Pick<EgressGatewayModel, 'serviceName'>): string {
  return `${gateway.serviceName}-allow`;
}

/** The gateway's DENY policy. */
export function egressDenyPolicyName(gateway: Pick<EgressGatewayModel, 'serviceName'>): string {
  return `${gateway.serviceName}-deny`;
}

/** `<service>.<namespace>.svc.<clusterDomain>`: the host callers' sidecars send to. */
export function egressGatewayHost(gateway: Pick<EgressGatewayModel, 'namespace' | 'serviceName'>, clusterDomain: string): string {
  return `${gateway.serviceName}.${gateway.namespace}.svc.${clusterDomain}`;
}

/** `<namespace>/<name>` of the Istio Gateway, as VirtualServices reference it. */
export function egressGatewayRef(gateway: Pick<EgressGatewayModel, 'namespace' | 'serviceName'>): string {
  return `${gateway.namespace}/${egressGatewayObjectName(gateway)}`;
}

/** The VirtualService routing one host of an external service through the egress gateway. */
export function egressRouteName(ext: Pick<ExternalServiceModel, 'name' | 'hosts'>, hostIndex: number): string {
  return ext.hosts.length === 1 ? `${ext.name}-egress` : `${ext.name}-egress-${hostIndex}`;
}

/**
 * The subset of the DestinationRule towards the gateway that carries one host of an external
 * service (its SNI): `<namespace>-<name>[-<host index>]`, a DNS-1123 label as Istio requires.
 */
export function egressSubsetName(ext: Pick<ExternalServiceModel, 'namespace' | 'name' | 'hosts'>, hostIndex: number): string {
  return dnsLabel(`${ext.namespace}-${ext.name}${ext.hosts.length === 1 ? '' : `-${hostIndex}`}`);
}

/** Name of the Gateway server of one port of an external service (unique within the Gateway). */
export function egressServerName(ext: Pick<ExternalServiceModel, 'namespace' | 'name'>, protocol: string, port: number): string {
  return dnsLabel(`${protocol.toLowerCase()}-${port}-${ext.namespace}-${ext.name}`);
}

/**
 * `value` if it is at most 63 characters, otherwise its first 54 characters and a hash of the
 * whole, so that long names stay distinct and deterministic.
 */
export function dnsLabel(value: string): string {
  if (value.length <= 63) return value;
  return `${value.slice(0, 54).replace(/-+$/, '')}-${fnv1a(value)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits (no dependency, stable across platforms). */
function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
