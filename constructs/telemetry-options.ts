// SPDX-License-Identifier: Apache-2.0
import type { TracingOptions } from './tracing-options';

/**
 * Mesh-wide telemetry (SP 800-204A SM-DR21–24): what the mesh's `Telemetry` object in the root
 * namespace turns on for every proxy. Secure by default: every request is logged and metrics
 * are on; turning either off takes a written justification, recorded as an annotation
 * `mesh.cdk8s.io/telemetry-exception.<signal>` on the Telemetry.
 */
export interface MeshTelemetryOptions {
  /**
   * Log every request (HTTP) and connection (TCP) at every proxy, as one JSON line on the
   * proxy's stdout with the peer identities and no credentials.
   *
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Why access logging is off: required (at least 10 characters) when `accessLogging` is
   * `false`, not allowed otherwise.
   *
   * @default - none; access logging is on
   */
  readonly accessLoggingDisabledJustification?: string;
  /**
   * Istio's standard metrics (request count, duration, sizes, TCP bytes and connections)
   * through the built-in `prometheus` provider.
   *
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Why metrics are off: required (at least 10 characters) when `metrics` is `false`, not
   * allowed otherwise.
   *
   * @default - none; metrics are on
   */
  readonly metricsDisabledJustification?: string;
  /**
   * Distributed tracing through an OpenTelemetry collector.
   *
   * @default - no tracing is configured: no provider and no `tracing` in the Telemetry
   */
  readonly tracing?: TracingOptions;
}
