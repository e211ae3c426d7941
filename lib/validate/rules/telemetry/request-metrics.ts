// SPDX-License-Identifier: Apache-2.0
import { entriesOf, providerNames, telemetriesFor, telemetryException, telemetryGap } from './telemetry-helpers';
import type { Inventory, Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** The request metrics SM-DR23 asks for: counts (with response codes) and latency. */
const REQUEST_METRICS = ['REQUEST_COUNT', 'REQUEST_DURATION'] as const;

/** SM-DR23: the proxies report request counts, failures and latency for every workload. */
export const REQUEST_METRICS_ON: MeshRule = {
  id: 'MESH-TEL-04',
  title: 'Request metrics (count and duration) are reported for every workload',
  rationale: 'Request counts by response code and latency histograms are the baseline against which attacks and failures show up '
    + '(error bursts, unusual load, slow dependencies); a Telemetry override that turns them off removes that baseline for its workloads.',
  fix: 'keep the `Mesh` default `telemetry: { metrics: true }` (the mesh-wide Telemetry reports through `prometheus`), or record why metrics '
    + 'are off with `metricsDisabledJustification`. Outside the SDK remove `metrics[].overrides` with `disabled: true` for ALL_METRICS, '
    + 'REQUEST_COUNT or REQUEST_DURATION from the Telemetries that apply to application workloads',
  severity: 'warning',
  recommendations: ['SM-DR23', 'MS-SS-5', 'MON-CNA-REQ-1/2'],
  controls: ['SI-4'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w): Outcome[] => {
      const dp = inventory.dataPlaneOf(w);
      if (dp.kind === 'none') return [];
      const gap = telemetryGap(dp);
      if (gap !== undefined) return [violation(w.entry.ref, `request metrics of ${w.namespace}/${w.name} are not available from the mesh on its data plane: ${gap}`, { severity: 'info' })];
      return [metricsOutcome(inventory, w)];
    });
  },
};

function metricsOutcome(inventory: Inventory, w: Workload): Outcome {
  const who = `${w.namespace}/${w.name}`;
  const applicable = telemetriesFor(inventory, w);
  for (const metric of REQUEST_METRICS) {
    const decision = decide(applicable, metric);
    if (decision?.disabled) {
      const t = decision.telemetry;
      const justification = telemetryException(t, 'metrics');
      return violation(w.entry.ref, `Telemetry ${t.ref.namespace}/${t.ref.name} disables ${metric} for ${who} (override ${JSON.stringify(decision.override)}); expected request metrics to be on`,
        justification !== undefined ? { justification } : {});
    }
  }
  const reporting = applicable.find((t) => entriesOf(t, 'metrics').some((e) => providerNames(e).length > 0));
  if (reporting) {
    const names = [...new Set(entriesOf(reporting, 'metrics').flatMap(providerNames))];
    return compliant(w.entry.ref, `Telemetry ${reporting.ref.namespace}/${reporting.ref.name} reports the request metrics of ${who} through ${JSON.stringify(names)} and no Telemetry disables them`);
  }
  return compliant(w.entry.ref, `no Telemetry disables the request metrics of ${who}; Istio reports its standard metrics through the built-in prometheus provider by default`);
}

/** The most specific Telemetry override that turns `metric` on or off (ALL_METRICS, an absent match, or the metric itself). */
function decide(applicable: readonly InventoryEntry[], metric: string): { telemetry: InventoryEntry; disabled: boolean; override: Record<string, unknown> } | undefined {
  for (const telemetry of applicable) {
    for (const entry of entriesOf(telemetry, 'metrics')) {
      for (const override of arrayOf(entry.overrides).map(objectOf)) {
        if (typeof override.disabled !== 'boolean') continue;
        const m = objectOf(override.match).metric;
        if (m === undefined || m === 'ALL_METRICS' || m === metric) return { telemetry, disabled: override.disabled, override };
      }
    }
  }
  return undefined;
}
