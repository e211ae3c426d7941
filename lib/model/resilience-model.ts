// SPDX-License-Identifier: Apache-2.0

/** Resilience towards one service or external host, all durations in milliseconds. */
export interface ResilienceModel {
  readonly timeoutMs: number;
  readonly retries: { readonly attempts: number; readonly perTryTimeoutMs: number; readonly retryOn: readonly string[] };
  readonly outlierDetection: { readonly consecutive5xxErrors: number; readonly intervalMs: number; readonly baseEjectionTimeMs: number; readonly maxEjectionPercent: number };
  readonly connectionPool: { readonly maxConnections: number; readonly connectTimeoutMs: number; readonly maxPendingRequests: number; readonly maxConcurrentRequests: number };
  readonly maxConnectionDurationMs: number;
}
