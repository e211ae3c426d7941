// SPDX-License-Identifier: Apache-2.0
/** The mesh-wide observability intent (SP 800-204A SM-DR21–24), as the telemetry compiler reads it. */

/** A signal that is on, or off with the written justification for turning it off. */
export interface SignalModel {
  readonly enabled: boolean;
  /** Why the signal is off (at least 10 characters); absent when it is on. */
  readonly justification?: string;
}

/** Distributed tracing through an OpenTelemetry (OTLP/gRPC) collector. */
export interface TracingModel {
  /** Host name of the collector as Istio's registry knows it: `<service>.<namespace>.svc.<clusterDomain>`. */
  readonly collectorHost: string;
  readonly port: number;
  /** Percentage of requests with no prior sampling decision that start a trace, 0–100. */
  readonly samplingPercentage: number;
}

/** Mesh-wide telemetry. */
export interface TelemetryModel {
  /** Construct path of the telemetry construct (for messages). */
  readonly path: string;
  /** Istio's root namespace, where the mesh-wide Telemetry lives. */
  readonly rootNamespace: string;
  /** An access-log line for every request, through the mesh's envoyFileAccessLog provider. */
  readonly accessLogging: SignalModel;
  /** Istio's standard metrics through the built-in `prometheus` provider. */
  readonly metrics: SignalModel;
  /** Absent: no tracing provider is configured. */
  readonly tracing?: TracingModel;
}
