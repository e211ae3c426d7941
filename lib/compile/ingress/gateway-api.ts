// SPDX-License-Identifier: Apache-2.0
/**
 * The minimal typed shapes of the Gateway API objects and gateway-attached Istio policies the
 * ingress compiler emits, exactly the fields emitted (DESIGN.md decision 2). `conform` proves
 * each shape against the real CRDs (Gateway API v1.6, Istio 1.30).
 */
import type { AuthorizationCondition, JwtRule } from '../manifest';

export const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The GatewayClass Istio installs for ingress gateways it deploys itself. */
export const ISTIO_GATEWAY_CLASS = 'istio';

/** Port of the HTTPS listeners. */
export const HTTPS_PORT = 443;
/** Port of the plain-HTTP listeners, when enabled (they only redirect to HTTPS). */
export const HTTP_REDIRECT_PORT = 80;

/** Namespace label the API server sets on every Namespace (immutable, Kubernetes ≥ 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** `Gateway.spec`. */
export interface GatewaySpec {
  readonly gatewayClassName: string;
  readonly listeners: readonly Listener[];
}

/** `Gateway.spec.listeners[]`. */
export interface Listener {
  readonly name: string;
  readonly hostname: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly tls?: {
    readonly mode: 'Terminate';
    readonly certificateRefs: readonly { readonly group: string; readonly kind: 'Secret'; readonly name: string }[];
  };
  readonly allowedRoutes: {
    readonly kinds: readonly { readonly group: string; readonly kind: 'HTTPRoute' }[];
    readonly namespaces: {
      readonly from: 'Same' | 'Selector';
      readonly selector?: { readonly matchExpressions: readonly { readonly key: string; readonly operator: 'In'; readonly values: readonly string[] }[] };
    };
  };
}

/** `HTTPRoute.spec`. */
export interface HttpRouteSpec {
  readonly parentRefs: readonly ParentRef[];
  readonly hostnames: readonly string[];
  readonly rules: readonly HttpRouteRule[];
}

/** `HTTPRoute.spec.parentRefs[]`: one listener of a Gateway. */
export interface ParentRef {
  readonly group: string;
  readonly kind: 'Gateway';
  readonly name: string;
  readonly namespace: string;
  readonly sectionName: string;
}

/** `HTTPRoute.spec.rules[]`. */
export interface HttpRouteRule {
  readonly matches: readonly HttpRouteMatch[];
  readonly filters?: readonly HttpRouteFilter[];
  readonly backendRefs?: readonly { readonly group: string; readonly kind: 'Service'; readonly name: string; readonly port: number }[];
}

/** `HTTPRoute.spec.rules[].matches[]`. */
export interface HttpRouteMatch {
  readonly path: { readonly type: 'Exact' | 'PathPrefix'; readonly value: string };
  readonly method?: string;
}

/** `HTTPRoute.spec.rules[].filters[]` (the two kinds emitted). */
export interface HttpRouteFilter {
  readonly type: 'RequestHeaderModifier' | 'RequestRedirect';
  readonly requestHeaderModifier?: { readonly remove: readonly string[] };
  readonly requestRedirect?: { readonly scheme: 'https'; readonly statusCode: 301 };
}

/** A policy's attachment to a Gateway API gateway (`targetRefs[]`, same namespace). */
export interface PolicyTargetRef {
  readonly group: string;
  readonly kind: 'Gateway';
  readonly name: string;
}

/** `security.istio.io/v1` AuthorizationPolicy `spec` attached to a gateway. */
export interface GatewayAuthorizationPolicySpec {
  readonly targetRefs: readonly PolicyTargetRef[];
  readonly action: 'ALLOW';
  readonly rules: readonly GatewayAuthorizationRule[];
}

/** One `rules[]` entry of a gateway policy. */
export interface GatewayAuthorizationRule {
  readonly from?: readonly { readonly source: { readonly requestPrincipals: readonly string[] } }[];
  readonly to: readonly { readonly operation: GatewayOperation }[];
  readonly when?: readonly AuthorizationCondition[];
}

/** `rules[].to[].operation` of a gateway policy. */
export interface GatewayOperation {
  readonly hosts?: readonly string[];
  readonly notHosts?: readonly string[];
  readonly ports?: readonly string[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}

/** `security.istio.io/v1` RequestAuthentication `spec` attached to a gateway. */
export interface GatewayRequestAuthenticationSpec {
  readonly targetRefs: readonly PolicyTargetRef[];
  readonly jwtRules: readonly JwtRule[];
}

/** The attachment of a policy to the gateway `name` (b1: Gateway API gateways honour `targetRefs`). */
export function gatewayTargetRefs(name: string): PolicyTargetRef[] {
  return [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name }];
}
