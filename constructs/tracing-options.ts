// SPDX-License-Identifier: Apache-2.0
/**
 * Distributed tracing through an OpenTelemetry collector (OTLP over gRPC), rendered as the
 * mesh config extension provider `cdk8s-mesh-tracing` (`opentelemetry: { service, port }`) and
 * the Telemetry's `tracing[].randomSamplingPercentage` (SP 800-204A SM-DR24).
 *
 * Applications must still forward the trace headers they receive (`traceparent`, `x-request-id`,
 * …) for the spans of one request to join up; the proxies alone cannot.
 */
export interface TracingOptions {
  /**
   * Name of the Kubernetes Service of the collector (a DNS-1035 label), e.g.
   * `opentelemetry-collector`. Rendered as the host `<service>.<namespace>.svc.<cluster domain>`,
   * the name under which istiod's service registry knows it.
   */
  readonly collectorService: string;
  /**
   * Namespace of the collector's Service.
   *
   * @default - the mesh's root namespace
   */
  readonly collectorNamespace?: string;
  /**
   * Port of the collector's OTLP/gRPC receiver.
   *
   * @default 4317
   */
  readonly port?: number;
  /**
   * Percentage (0–100, in steps of 0.01) of requests that start a trace when no upstream
   * caller has decided already. Rendered as `randomSamplingPercentage`.
   *
   * @default 1
   */
  readonly samplingPercentage?: number;
}
