// SPDX-License-Identifier: Apache-2.0
import type { Duration } from 'cdk8s';

/** Retries of failed requests (VirtualService `http[].retries`). */
export interface RetryOptions {
  /**
   * Attempts after the first one; 0 turns retries off.
   *
   * @default 2
   */
  readonly attempts?: number;
  /**
   * Timeout of each attempt.
   *
   * @default Duration.seconds(2)
   */
  readonly perTryTimeout?: Duration;
  /**
   * Envoy retry conditions. The default retries only requests that never reached the server
   * (the connection failed, or HTTP/2 refused the stream), so a non-idempotent call (a payment)
   * is never repeated. `unavailable` (gRPC status 14) is not in it: a server may return it after
   * doing the work.
   *
   * @default ['connect-failure', 'refused-stream']
   */
  readonly retryOn?: string[];
}

/** Ejecting failing endpoints (DestinationRule `trafficPolicy.outlierDetection`, a circuit breaker). */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx (or connection failures) before an endpoint is ejected.
   *
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * How often endpoints are analysed.
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection time (multiplied by the number of ejections).
   *
   * @default Duration.seconds(30)
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum share of endpoints ejected at once, in percent.
   *
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** Connection limits (DestinationRule `trafficPolicy.connectionPool`, the bulkhead). */
export interface ConnectionPoolOptions {
  /**
   * Maximum TCP connections to the service from one proxy.
   *
   * @default 1024
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout.
   *
   * @default Duration.seconds(2)
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum requests waiting for a connection (HTTP/1.1).
   *
   * @default 1024
   */
  readonly maxPendingRequests?: number;
  /**
   * Maximum concurrent requests (HTTP/2 and gRPC).
   *
   * @default 1024
   */
  readonly maxConcurrentRequests?: number;
}

/**
 * How callers reach a service when it misbehaves (SP 800-204A resilience: timeouts, retries,
 * circuit breakers, bulkheads). Rendered into the service's DestinationRule (`<name>`) and, for
 * HTTP ports, its VirtualService (`<name>`); both apply to every caller in the mesh.
 *
 * @see https://istio.io/latest/docs/concepts/traffic-management/#network-resilience-and-testing
 */
export interface ResilienceOptions {
  /**
   * Overall timeout of an HTTP request, retries included.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Retries of failed requests.
   *
   * @default - 2 attempts of 2 s each, only for requests the server never processed
   */
  readonly retries?: RetryOptions;
  /**
   * Ejection of failing endpoints.
   *
   * @default - 5 consecutive errors eject an endpoint for 30 s, at most half of them
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Connection and request limits.
   *
   * @default - 1024 connections, 1024 pending and 1024 concurrent requests, 2 s connect timeout
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Maximum lifetime of a connection, after which it is drained and reopened (re-authenticated
   * with a fresh certificate; also rebalances long-lived connections). SP 800-207A
   * ID-SEG-REC-2 bounds it by the certificate lifetime, or 15–30 minutes (rule MESH-MTLS-06).
   *
   * @default Duration.minutes(30)
   */
  readonly maxConnectionDuration?: Duration;
}
