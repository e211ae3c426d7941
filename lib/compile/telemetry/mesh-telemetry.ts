// SPDX-License-Identifier: Apache-2.0
import { ACCESS_LOG_FIELDS, credentialLeaks } from './access-log-format';
import { ISTIO_TELEMETRY_API, type AccessLoggingSpec, type MetricsSpec, type TelemetrySpec } from './telemetry-spec';
import type { Manifest } from '../manifest';
import type { ExtensionProviderModel, MeshConfigContribution } from '../../model/mesh-config';
import type { TelemetryModel } from '../../model/telemetry-model';

/** Name of the mesh-wide Telemetry in the root namespace. Part of the output contract. */
export const MESH_TELEMETRY_NAME = 'mesh-default';

/** The mesh's envoyFileAccessLog extension provider. Part of the output contract. */
export const ACCESS_LOG_PROVIDER = 'cdk8s-mesh-access-log';

/** The mesh's OpenTelemetry tracing extension provider. Part of the output contract. */
export const TRACING_PROVIDER = 'cdk8s-mesh-tracing';

/** Istio's built-in Prometheus metrics provider (defined by every istiod). */
export const PROMETHEUS_PROVIDER = 'prometheus';

/** Annotation prefix recording why a telemetry signal is off: `…access-logging`, `…metrics`. */
export const TELEMETRY_EXCEPTION_ANNOTATION_PREFIX = 'mesh.cdk8s.io/telemetry-exception.';

/**
 * The mesh-wide Telemetry (SP 800-204A SM-DR21–24, SP 800-204C observability as code): in the
 * root namespace and without a selector, it applies to every sidecar and gateway.
 *
 * - access logging: every request, through `cdk8s-mesh-access-log`; when turned off, an
 *   explicit `disabled: true` (also silencing any default provider), with the reason annotated;
 * - metrics: Istio's standard metrics through `prometheus`; when turned off, every metric is
 *   overridden `disabled`, with the reason annotated;
 * - tracing: only when a collector is configured, through `cdk8s-mesh-tracing` at the given
 *   sampling percentage.
 */
export function meshTelemetry(model: TelemetryModel): Manifest<TelemetrySpec> {
  const annotations: Record<string, string> = {};
  if (!model.accessLogging.enabled) annotations[`${TELEMETRY_EXCEPTION_ANNOTATION_PREFIX}access-logging`] = reason(model, 'accessLogging');
  if (!model.metrics.enabled) annotations[`${TELEMETRY_EXCEPTION_ANNOTATION_PREFIX}metrics`] = reason(model, 'metrics');
  const accessLogging: AccessLoggingSpec = model.accessLogging.enabled
    ? { providers: [{ name: ACCESS_LOG_PROVIDER }] }
    : { disabled: true };
  const metrics: MetricsSpec = model.metrics.enabled
    ? { providers: [{ name: PROMETHEUS_PROVIDER }] }
    : { providers: [{ name: PROMETHEUS_PROVIDER }], overrides: [{ match: { metric: 'ALL_METRICS', mode: 'CLIENT_AND_SERVER' }, disabled: true }] };
  return {
    apiVersion: ISTIO_TELEMETRY_API,
    kind: 'Telemetry',
    metadata: {
      name: MESH_TELEMETRY_NAME,
      namespace: model.rootNamespace,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      accessLogging: [accessLogging],
      metrics: [metrics],
      ...(model.tracing
        ? { tracing: [{ providers: [{ name: TRACING_PROVIDER }], randomSamplingPercentage: model.tracing.samplingPercentage }] }
        : {}),
    },
  };
}

/**
 * The extension providers the Telemetry references, for the mesh config: the JSON access log
 * (`/dev/stdout`, the explicit field list of `ACCESS_LOG_FIELDS`) and the OpenTelemetry
 * collector. Nothing for a signal that is off, and no tracing provider without a collector.
 */
export function telemetryMeshConfig(model: TelemetryModel): MeshConfigContribution {
  const providers: ExtensionProviderModel[] = [];
  if (model.accessLogging.enabled) {
    const leaks = credentialLeaks(ACCESS_LOG_FIELDS);
    if (leaks.length > 0) throw new Error(`internal error: the access-log format would log credentials: ${leaks.join(', ')}`);
    providers.push({
      name: ACCESS_LOG_PROVIDER,
      kind: 'envoyFileAccessLog',
      settings: { path: '/dev/stdout', logFormat: { labels: { ...ACCESS_LOG_FIELDS } } },
    });
  }
  if (model.tracing) {
    providers.push({
      name: TRACING_PROVIDER,
      kind: 'opentelemetry',
      settings: { service: model.tracing.collectorHost, port: model.tracing.port },
    });
  }
  return { source: model.path, extensionProviders: providers };
}

function reason(model: TelemetryModel, signal: 'accessLogging' | 'metrics'): string {
  const justification = model[signal].justification;
  if (justification === undefined) throw new Error(`internal error: ${signal} is off at ${model.path} without a justification`);
  return justification;
}
