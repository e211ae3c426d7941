// SPDX-License-Identifier: Apache-2.0
/**
 * The minimal typed shape of the `telemetry.istio.io/v1` Telemetry `spec`: exactly the fields
 * the telemetry compiler emits (DESIGN.md decision 2); `conform` proves it against the CRD.
 */

export const ISTIO_TELEMETRY_API = 'telemetry.istio.io/v1';

/** `providers[]`: an extension provider of the mesh config, by name. */
export interface ProviderRef {
  readonly name: string;
}

/** `accessLogging[]`. */
export interface AccessLoggingSpec {
  readonly providers?: readonly ProviderRef[];
  readonly disabled?: boolean;
}

/** `metrics[].overrides[]`. */
export interface MetricsOverrideSpec {
  readonly match: { readonly metric: 'ALL_METRICS'; readonly mode: 'CLIENT_AND_SERVER' };
  readonly disabled: boolean;
}

/** `metrics[]`. */
export interface MetricsSpec {
  readonly providers: readonly ProviderRef[];
  readonly overrides?: readonly MetricsOverrideSpec[];
}

/** `tracing[]`. */
export interface TracingSpec {
  readonly providers: readonly ProviderRef[];
  readonly randomSamplingPercentage: number;
}

/** `telemetry.istio.io/v1` Telemetry `spec` (no `selector`: in the root namespace it is mesh-wide). */
export interface TelemetrySpec {
  readonly accessLogging: readonly AccessLoggingSpec[];
  readonly metrics: readonly MetricsSpec[];
  readonly tracing?: readonly TracingSpec[];
}
