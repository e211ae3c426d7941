// SPDX-License-Identifier: Apache-2.0
import type { EndUser } from './end-user';
import type { HttpMethod } from './http-method';
import type { Match } from './match';

/**
 * What `IngressGateway.route` forwards to a mesh service: requests for these hostnames, paths and
 * methods. Rendered three times, so that routing and authorization agree: as a rule of an
 * `HTTPRoute`, as a rule of the gateway's own AuthorizationPolicy, and as an ALLOW rule on the
 * service admitting the gateway's identity on exactly these paths and methods.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export interface IngressRouteOptions {
  /**
   * Request paths: `Match.exact('/charge')` (HTTPRoute `Exact`) or `Match.prefix('/cart/')`
   * (`PathPrefix`). Prefixes match whole path segments, as Gateway API defines them: `/cart/` and
   * `/cart` both match `/cart` and everything under `/cart/`, never `/cartoon`. Use
   * `Match.prefix('/')` for every path.
   */
  readonly paths: Match[];
  /**
   * HTTP methods (Gateway API knows GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH).
   *
   * @default - any method
   */
  readonly methods?: HttpMethod[];
  /**
   * Service port the requests go to: an HTTP, HTTP/2 or gRPC port of the service.
   *
   * @default - the service's only HTTP-capable port (an error when it has several)
   */
  readonly port?: number;
  /**
   * The end user every request must present: the gateway validates the issuer's token (a
   * RequestAuthentication attached to it) and admits only requests whose token satisfies this
   * condition. The token is forwarded to the service only when the issuer sets
   * `forwardOriginalToken`; then the service checks the end user too.
   *
   * @default - no end user required
   */
  readonly endUser?: EndUser;
  /**
   * Gateway hostnames the route serves; each must be one of the gateway's `hostnames`.
   *
   * @default - every hostname of the gateway
   */
  readonly hostnames?: string[];
  /**
   * Name of the HTTPRoute (in the service's namespace). Routes with the same name share one
   * HTTPRoute and must serve the same hostnames.
   *
   * @default - `<gateway name>-<service name>`
   */
  readonly name?: string;
}
