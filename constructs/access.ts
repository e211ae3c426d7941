// SPDX-License-Identifier: Apache-2.0

/**
 * Conditions of one access rule. Every condition set must hold (AND); within one
 * condition, any listed value matches (OR). Rendered as `rules[].to[].operation` of the
 * destination's ALLOW AuthorizationPolicy.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
 */
export interface AllowOptions {
  /**
   * HTTP methods, upper-case (`GET`, `POST`…). Only enforceable on HTTP, HTTP/2 and gRPC ports.
   *
   * @default - any method
   */
  readonly methods?: string[];
  /**
   * Request paths in Istio's syntax: exact (`/charge`), prefix (`/cart/*`), suffix
   * (`*.json`), any (`*`), or a path template (`/cart/{*}/items`). Only enforceable on HTTP,
   * HTTP/2 and gRPC ports.
   *
   * @default - any path
   */
  readonly paths?: string[];
  /**
   * Service ports the rule admits; each must be a port of the destination service. Rendered
   * as the matching container (target) ports, which is what Istio compares.
   *
   * @default - every port of the service (a rule with methods or paths matches only on HTTP-capable ports, as Istio ignores HTTP conditions on TCP traffic)
   */
  readonly ports?: number[];
}
