// SPDX-License-Identifier: Apache-2.0
import { defaultProviders, entriesOf, extensionProvider, meshConfigSources, providerNames, telemetries } from './telemetry-helpers';
import type { Inventory } from '../../../analyze/inventory';
import type { InventoryEntry } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, expectedObject, violation } from '../../rule';

/** Extension provider kinds that export spans. */
const TRACING_KINDS = ['opentelemetry', 'zipkin', 'datadog', 'lightstep', 'skywalking', 'stackdriver'];

/** SM-DR24: the proxies report spans to a tracing backend. */
export const TRACING: MeshRule = {
  id: 'MESH-TEL-05',
  title: 'Distributed tracing is configured with a defined provider and a sampling rate above zero',
  rationale: 'Tracing follows one user request through the whole chain of service calls it triggers, which is how abuse or failures that '
    + 'span several services are reconstructed. The proxies can start and report spans, but applications must still forward the trace '
    + 'headers they receive: that part is a manual attestation.',
  fix: 'set `telemetry: { tracing: { collectorService, collectorNamespace, samplingPercentage } }` on the `Mesh` (an OpenTelemetry '
    + 'provider `cdk8s-mesh-tracing` and the Telemetry\'s `tracing`); outside the SDK define a tracing provider in the mesh config\'s '
    + '`extensionProviders` and reference it from a Telemetry\'s `tracing[].providers` with `randomSamplingPercentage` above 0',
  severity: 'info',
  recommendations: ['SM-DR24', 'MON-CNA-REQ-3', '204C/oac'],
  controls: ['AU-3', 'SI-4'],
  target: 'manifest',
  check({ inventory }) {
    if (inventory.applicationWorkloads().length === 0) return [];
    const tracing = telemetries(inventory).filter((t) => entriesOf(t, 'tracing').length > 0);
    if (tracing.length > 0) return tracing.map((t) => checkTelemetry(inventory, t));
    const defaults = defaultProviders(inventory, 'tracing');
    const sources = meshConfigSources(inventory);
    const source = sources[sources.length - 1];
    if (defaults.length > 0 && source) {
      return [compliant(source.entry.ref, `the mesh config's defaultProviders.tracing ${JSON.stringify(defaults)} traces every proxy at Istio's default 1% sampling`)];
    }
    return [violation(expectedObject('telemetry.istio.io/v1', 'Telemetry', 'mesh-default', inventory.rootNamespace),
      `no Telemetry configures tracing and the mesh config has no default tracing provider; expected a Telemetry in ${inventory.rootNamespace} with tracing providers and randomSamplingPercentage above 0`)];
  },
};

function checkTelemetry(inventory: Inventory, t: InventoryEntry): Outcome {
  const name = `Telemetry ${t.ref.namespace}/${t.ref.name}`;
  const problems: string[] = [];
  const used: string[] = [];
  let rate = 1;
  let explicit = false;
  for (const entry of entriesOf(t, 'tracing')) {
    if (entry.disableSpanReporting === true) problems.push('disableSpanReporting true turns span reporting off');
    if (entry.randomSamplingPercentage !== undefined) {
      rate = Number(entry.randomSamplingPercentage);
      explicit = true;
      if (!(rate > 0)) problems.push(`randomSamplingPercentage ${JSON.stringify(entry.randomSamplingPercentage)} samples no request`);
    }
    const names = providerNames(entry).length > 0 ? providerNames(entry) : defaultProviders(inventory, 'tracing');
    if (names.length === 0) problems.push('no tracing provider is named and the mesh config has no default one');
    for (const n of names) {
      const found = extensionProvider(inventory, n);
      if (!found) problems.push(`provider ${JSON.stringify(n)} is not defined in the mesh config's extensionProviders`);
      else if (!TRACING_KINDS.some((k) => found.provider[k] !== undefined)) problems.push(`provider ${JSON.stringify(n)} is not a tracing provider`);
      else used.push(n);
    }
  }
  if (problems.length > 0) return violation(t.ref, `${name}: ${problems.join('; ')}; expected a defined tracing provider and randomSamplingPercentage above 0`);
  return compliant(t.ref, `${name} traces through ${JSON.stringify([...new Set(used)])} at ${rate}% sampling${explicit ? '' : ' (Istio\'s default when unset)'}`);
}
