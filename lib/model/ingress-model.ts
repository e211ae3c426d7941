// SPDX-License-Identifier: Apache-2.0
/**
 * The backend-agnostic intent of an ingress gateway (SP 800-204A SM-DR7, SP 800-204 MS-SS-2/4/10):
 * a Gateway API `Gateway` of class `istio` terminating TLS, the routes it forwards to mesh
 * services, and the end users those routes require. Plain data; nothing here imports cdk8s.
 */
import type { EndUserModel } from './mesh-model';

/** How a route matches the request path (Gateway API `HTTPPathMatch.type`). */
export type RoutePathType = 'Exact' | 'PathPrefix';

/** One path of a route. Prefix values are normalized: no trailing `/`, except the root `/`. */
export interface RoutePathModel {
  readonly type: RoutePathType;
  readonly value: string;
}

/** One route: requests for these hostnames, paths and methods go to one port of one service. */
export interface IngressRouteModel {
  /** Construct path of the gateway, and how the call is shown in messages, e.g. `route(shop/cart)`. */
  readonly declaredAt: string;
  /** Name of the HTTPRoute the route is rendered into (several routes may share one). */
  readonly routeName: string;
  /** The destination service; the HTTPRoute lives in its namespace. */
  readonly service: { readonly name: string; readonly namespace: string };
  /** Service port the requests are forwarded to. */
  readonly port: number;
  /** Gateway hostnames the route serves, sorted; each is also a listener of the gateway. */
  readonly hostnames: readonly string[];
  /** Paths, in a stable order. */
  readonly paths: readonly RoutePathModel[];
  /** Upper-case methods, sorted; empty means any method. */
  readonly methods: readonly string[];
  /** The end user every request of the route must present, validated at the gateway. */
  readonly endUser?: EndUserModel;
}

/** A plain-HTTP listener that only redirects to HTTPS, with its written justification. */
export interface HttpRedirectModel {
  readonly justification: string;
}

/** An ingress gateway and everything routed through it. */
export interface IngressGatewayModel {
  /** Construct path. */
  readonly path: string;
  /** Gateway name; Istio runs it as Deployment, Service and ServiceAccount `<name>-istio`. */
  readonly name: string;
  readonly namespace: string;
  /** Hostnames served, sorted: one HTTPS listener each. */
  readonly hostnames: readonly string[];
  /** Secret in the gateway's namespace holding the certificate and key (`kubernetes.io/tls`). */
  readonly tlsSecret: string;
  readonly httpRedirect?: HttpRedirectModel;
  /** Routes, in the order they were declared. */
  readonly routes: readonly IngressRouteModel[];
}
