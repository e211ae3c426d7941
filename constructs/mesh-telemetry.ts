// SPDX-License-Identifier: Apache-2.0
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IMesh } from './i-mesh';
import { meshConfigOf } from './private/mesh-config-registry';
import { meshHooks } from './private/mesh-registry';
import { checkKnownKeys, checkName } from './private/input-checks';
import type { MeshTelemetryOptions } from './telemetry-options';
import type { TracingOptions } from './tracing-options';
import { meshTelemetry, telemetryMeshConfig } from '../lib/compile/telemetry/mesh-telemetry';
import { MeshError } from '../lib/model/errors';
import type { SignalModel, TelemetryModel, TracingModel } from '../lib/model/telemetry-model';

/** Properties of a `MeshTelemetry`. */
export interface MeshTelemetryProps extends MeshTelemetryOptions {
  /** The mesh whose proxies the telemetry configures. */
  readonly mesh: IMesh;
}

/**
 * Mesh-wide telemetry (SP 800-204A SM-DR21–24): a `telemetry.istio.io/v1` Telemetry named
 * `mesh-default` in the root namespace (no selector, so every sidecar and gateway), and the
 * extension providers it references in the mesh config (`Mesh.meshConfig`):
 *
 * - `cdk8s-mesh-access-log` (`envoyFileAccessLog`): a JSON line on the proxy's stdout for every
 *   request, with the peer identities and no credential headers and no query strings;
 * - `prometheus` (Istio's built-in provider): the standard metrics;
 * - `cdk8s-mesh-tracing` (`opentelemetry`): only when `tracing` names a collector.
 *
 * Every `Mesh` creates one (`mesh.telemetry`), configured with `MeshProps.telemetry`.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 */
export class MeshTelemetry extends Construct {
  /** Whether every request is logged. */
  public readonly accessLogging: boolean;
  /** Whether Istio's standard metrics are on. */
  public readonly metrics: boolean;
  /** Percentage of requests that start a trace; undefined when no tracing is configured. */
  public readonly samplingPercentage?: number;
  /** The Telemetry object (escape hatch: `addJsonPatch`). */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: MeshTelemetryProps) {
    super(scope, id);
    const path = this.node.path;
    const collector = meshConfigOf(props.mesh, path);
    checkKnownKeys(path, 'telemetry', props, TELEMETRY_KEYS);
    collector.claim('mesh-wide Telemetry', path, 'configure the mesh\'s telemetry with MeshProps.telemetry instead of a second MeshTelemetry');
    const model: TelemetryModel = {
      path,
      rootNamespace: props.mesh.rootNamespace,
      accessLogging: signal(path, 'accessLogging', props.accessLogging, props.accessLoggingDisabledJustification),
      metrics: signal(path, 'metrics', props.metrics, props.metricsDisabledJustification),
      tracing: props.tracing === undefined ? undefined : tracing(path, props.tracing, props.mesh.rootNamespace, clusterDomainOf(props.mesh, path)),
    };
    this.accessLogging = model.accessLogging.enabled;
    this.metrics = model.metrics.enabled;
    this.samplingPercentage = model.tracing?.samplingPercentage;
    this.resource = new ApiObject(this, 'Resource', meshTelemetry(model));
    collector.contribute(telemetryMeshConfig(model));
  }
}

const TELEMETRY_KEYS: readonly string[] = ['mesh', 'accessLogging', 'accessLoggingDisabledJustification', 'metrics', 'metricsDisabledJustification', 'tracing'];
const TRACING_KEYS: readonly string[] = ['collectorService', 'collectorNamespace', 'port', 'samplingPercentage'];

/** A signal that is on unless turned off with a justification of at least 10 characters. */
function signal(path: string, prop: 'accessLogging' | 'metrics', enabled: boolean | undefined, justification: string | undefined): SignalModel {
  const justificationProp = `${prop}DisabledJustification`;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    throw new MeshError({ path, problem: `invalid telemetry.${prop}`, value: enabled, expected: 'true or false', fix: `set telemetry.${prop} to a boolean` });
  }
  if (enabled !== false) {
    if (justification !== undefined) {
      throw new MeshError({
        path,
        problem: `telemetry.${justificationProp} given while ${prop} is on`,
        value: justification,
        expected: `a justification only together with ${prop}: false`,
        fix: `remove ${justificationProp}, or set ${prop}: false to turn the signal off`,
      });
    }
    return { enabled: true };
  }
  if (typeof justification !== 'string' || justification.trim().length < 10) {
    throw new MeshError({
      path,
      problem: `telemetry.${prop} turned off without a justification`,
      value: justification,
      expected: 'a written justification of at least 10 characters (SP 800-204A SM-DR21–23: the mesh logs and measures every request)',
      fix: `set ${justificationProp}, e.g. '${prop === 'accessLogging' ? 'logs come from the ingress WAF; see SEC-42' : 'metrics come from the eBPF agent; see OPS-7'}'`,
    });
  }
  return { enabled: false, justification: justification.trim() };
}

/** The mesh's cluster DNS domain, from its settings; `cluster.local` when it has none. */
function clusterDomainOf(mesh: IMesh, path: string): string {
  const settings: { readonly rootNamespace: string; readonly clusterDomain?: string } = meshHooks(mesh, path).settings();
  return settings.clusterDomain ?? 'cluster.local';
}

function tracing(path: string, options: TracingOptions, rootNamespace: string, clusterDomain: string): TracingModel {
  checkKnownKeys(path, 'telemetry.tracing', options, TRACING_KEYS);
  checkName(path, 'tracing collector service', options.collectorService, 'tracing.collectorService', 'dns1035-label');
  const namespace = options.collectorNamespace ?? rootNamespace;
  checkName(path, 'tracing collector namespace', namespace, 'tracing.collectorNamespace', 'dns1123-label');
  const port = options.port ?? 4317;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MeshError({ path, problem: 'tracing.port out of range', value: port, expected: 'an integer from 1 to 65535', fix: 'set tracing.port to the collector\'s OTLP/gRPC port, usually 4317' });
  }
  const samplingPercentage = options.samplingPercentage ?? 1;
  if (typeof samplingPercentage !== 'number' || !Number.isFinite(samplingPercentage) || samplingPercentage < 0 || samplingPercentage > 100) {
    throw new MeshError({
      path,
      problem: 'tracing.samplingPercentage out of range',
      value: samplingPercentage,
      expected: 'a percentage from 0 to 100 (Telemetry randomSamplingPercentage)',
      fix: 'set tracing.samplingPercentage to e.g. 1 (one request in a hundred)',
    });
  }
  return { collectorHost: `${options.collectorService}.${namespace}.svc.${clusterDomain}`, port, samplingPercentage };
}
