// SPDX-License-Identifier: Apache-2.0
/** Resilience options with defaults applied and checked, as the compilers see them. */
import type { Duration } from 'cdk8s';
import { MeshError } from '../../lib/model/errors';
import type { ResilienceModel } from '../../lib/model/mesh-model';
import type { ResilienceOptions } from '../resilience';
import { checkKnownKeys } from './input-checks';

/** Defaults documented on `ResilienceOptions` and its parts. */
export const RESILIENCE_DEFAULTS: ResilienceModel = {
  timeoutMs: 10_000,
  retries: { attempts: 2, perTryTimeoutMs: 2_000, retryOn: ['connect-failure', 'refused-stream'] },
  outlierDetection: { consecutive5xxErrors: 5, intervalMs: 10_000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 50 },
  connectionPool: { maxConnections: 1024, connectTimeoutMs: 2_000, maxPendingRequests: 1024, maxConcurrentRequests: 1024 },
  maxConnectionDurationMs: 1_800_000,
};

/** Envoy's `retry_on` conditions for HTTP routes (x-envoy-retry-on and x-envoy-retry-grpc-on). */
const RETRY_ON = ['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

/** Applies defaults to `options` and checks every value; throws a MeshError naming the prop. */
export function resilienceModel(path: string, options: ResilienceOptions | undefined): ResilienceModel {
  const o = options ?? {};
  const d = RESILIENCE_DEFAULTS;
  checkKnownKeys(path, 'resilience', o, ['timeout', 'retries', 'outlierDetection', 'connectionPool', 'maxConnectionDuration']);
  checkKnownKeys(path, 'resilience.retries', o.retries, ['attempts', 'perTryTimeout', 'retryOn']);
  checkKnownKeys(path, 'resilience.outlierDetection', o.outlierDetection, ['consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent']);
  checkKnownKeys(path, 'resilience.connectionPool', o.connectionPool, ['maxConnections', 'connectTimeout', 'maxPendingRequests', 'maxConcurrentRequests']);
  const ms = (prop: string, value: Duration | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = value.toMilliseconds();
    if (!Number.isInteger(n) || n < 1) throw new MeshError({ path, problem: `invalid resilience.${prop}`, value: `${n}ms`, expected: 'a duration of at least 1 ms, in whole milliseconds', fix: `set ${prop}, e.g. Duration.seconds(2)` });
    return n;
  };
  const int = (prop: string, value: number | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) throw new MeshError({ path, problem: `invalid resilience.${prop}`, value, expected: `an integer from ${min} to ${max}`, fix: `set ${prop} within that range` });
    return value;
  };
  const retryOn = o.retries?.retryOn ?? d.retries.retryOn;
  const bad = retryOn.find((c) => !RETRY_ON.includes(c) && !/^\d{3}$/.test(c));
  if (bad !== undefined || retryOn.length === 0) {
    throw new MeshError({ path, problem: 'invalid resilience.retries.retryOn', value: bad ?? retryOn, expected: `Envoy retry conditions (${RETRY_ON.join(', ')}) or 3-digit status codes`, fix: 'list the conditions to retry on' });
  }
  const model: ResilienceModel = {
    timeoutMs: ms('timeout', o.timeout, d.timeoutMs),
    retries: {
      attempts: int('retries.attempts', o.retries?.attempts, d.retries.attempts, 0, 10),
      perTryTimeoutMs: ms('retries.perTryTimeout', o.retries?.perTryTimeout, d.retries.perTryTimeoutMs),
      retryOn: [...retryOn],
    },
    outlierDetection: {
      consecutive5xxErrors: int('outlierDetection.consecutive5xxErrors', o.outlierDetection?.consecutive5xxErrors, d.outlierDetection.consecutive5xxErrors, 1, 1000),
      intervalMs: ms('outlierDetection.interval', o.outlierDetection?.interval, d.outlierDetection.intervalMs),
      baseEjectionTimeMs: ms('outlierDetection.baseEjectionTime', o.outlierDetection?.baseEjectionTime, d.outlierDetection.baseEjectionTimeMs),
      maxEjectionPercent: int('outlierDetection.maxEjectionPercent', o.outlierDetection?.maxEjectionPercent, d.outlierDetection.maxEjectionPercent, 0, 100),
    },
    connectionPool: {
      maxConnections: int('connectionPool.maxConnections', o.connectionPool?.maxConnections, d.connectionPool.maxConnections, 1, 2147483647),
      connectTimeoutMs: ms('connectionPool.connectTimeout', o.connectionPool?.connectTimeout, d.connectionPool.connectTimeoutMs),
      maxPendingRequests: int('connectionPool.maxPendingRequests', o.connectionPool?.maxPendingRequests, d.connectionPool.maxPendingRequests, 1, 2147483647),
      maxConcurrentRequests: int('connectionPool.maxConcurrentRequests', o.connectionPool?.maxConcurrentRequests, d.connectionPool.maxConcurrentRequests, 1, 2147483647),
    },
    maxConnectionDurationMs: ms('maxConnectionDuration', o.maxConnectionDuration, d.maxConnectionDurationMs),
  };
  if (model.retries.attempts > 0 && model.retries.perTryTimeoutMs > model.timeoutMs) {
    throw new MeshError({ path, problem: 'resilience.retries.perTryTimeout exceeds resilience.timeout', value: `${model.retries.perTryTimeoutMs}ms > ${model.timeoutMs}ms`, expected: 'a per-try timeout no longer than the overall timeout (otherwise no retry can ever happen)', fix: 'shorten perTryTimeout or lengthen timeout' });
  }
  return model;
}
