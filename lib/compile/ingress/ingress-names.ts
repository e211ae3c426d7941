// SPDX-License-Identifier: Apache-2.0
/** Names of the ingress objects. Part of the output contract: renaming one is a breaking change. */
import type { IngressGatewayModel } from '../../model/ingress-model';

/** Istio's deployment controller names a class-`istio` gateway's Deployment, Service and ServiceAccount `<name>-istio` (b6). */
export const ISTIO_GATEWAY_SUFFIX = '-istio';

/** Longest gateway name whose `<name>-istio` Service name is still a DNS-1035 label (63 characters). */
export const MAX_GATEWAY_NAME_LENGTH = 63 - ISTIO_GATEWAY_SUFFIX.length;

/** ServiceAccount the gateway's pods run as: its workload identity. */
export function gatewayServiceAccount(gatewayName: string): string {
  return `${gatewayName}${ISTIO_GATEWAY_SUFFIX}`;
}

/** Listener of one hostname: `https-shop.example.com`, `http-wildcard.example.com` (for `*.example.com`). */
export function listenerName(protocol: 'http' | 'https', hostname: string): string {
  return `${protocol}-${hostname.replace(/^\*\./, 'wildcard.')}`;
}

/** The gateway's ALLOW policy. */
export function gatewayPolicyName(gateway: Pick<IngressGatewayModel, 'name'>): string {
  return `${gateway.name}-allow`;
}

/** The gateway's RequestAuthentication. */
export function gatewayJwtName(gateway: Pick<IngressGatewayModel, 'name'>): string {
  return `${gateway.name}-jwt`;
}

/** The HTTPRoute that redirects plain HTTP to HTTPS, in the gateway's namespace. */
export function redirectRouteName(gateway: Pick<IngressGatewayModel, 'name'>): string {
  return `${gateway.name}-https-redirect`;
}

/** Default name of the HTTPRoute of a gateway's routes to one service, in the service's namespace. */
export function defaultRouteName(gatewayName: string, serviceName: string): string {
  return `${gatewayName}-${serviceName}`;
}
