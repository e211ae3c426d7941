// SPDX-License-Identifier: Apache-2.0
import type { Condition } from './condition';
import type { EndUser } from './end-user';
import type { HttpMethod } from './http-method';
import type { Match } from './match';

/**
 * What an access rule covers (SP 800-204B ABAC: object, action, conditions). Every set field
 * must hold (AND); within one field, any listed value matches (OR). Rendered as one rule of
 * the destination's AuthorizationPolicy: `to[].operation`, plus `when` conditions.
 *
 * Methods, paths, hosts, end users and header conditions are HTTP attributes: they are only
 * accepted on services with an HTTP, HTTP/2 or gRPC port, and the rule is limited to those
 * ports so that Istio never widens a DENY onto TCP traffic.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AccessOptions {
  /**
   * HTTP methods. Renders `operation.methods`.
   *
   * @default - any method
   */
  readonly methods?: HttpMethod[];
  /**
   * Request paths (exact, prefix, suffix, presence or a path template). Renders `operation.paths`.
   *
   * @default - any path
   */
  readonly paths?: Match[];
  /**
   * Paths the rule does not cover, even when `paths` match. Renders `operation.notPaths`.
   *
   * @default - no path is excluded
   */
  readonly excludePaths?: Match[];
  /**
   * Hosts (`:authority`, case-insensitive). Renders `operation.hosts`.
   *
   * @default - any host
   */
  readonly hosts?: Match[];
  /**
   * Service ports; each must be a port of the destination service. Rendered as the matching
   * container (target) ports, which is what Istio compares.
   *
   * @default - every port of the service (only its HTTP-capable ports when the rule has HTTP attributes)
   */
  readonly ports?: number[];
  /**
   * The end user behind the request, from its validated JWT (issuer, subject, audiences,
   * claims). The destination validates that issuer's tokens.
   *
   * @default - no end-user condition
   */
  readonly endUser?: EndUser;
  /**
   * Further conditions (headers, source IP). Renders `when`.
   *
   * @default - none
   */
  readonly when?: Condition[];
  /**
   * Evaluate and log the rule without enforcing it (`istio.io/dry-run: "true"`); it is
   * rendered into a separate policy so enforced rules are unaffected.
   *
   * @default false
   */
  readonly dryRun?: boolean;
}
