// SPDX-License-Identifier: Apache-2.0
import { activeAccessLogProviders, defaultAccessLogProviders, entriesOf, isMeshWide, telemetriesFor, telemetryException, telemetryGap } from './telemetry-helpers';
import type { Inventory, Workload } from '../../../analyze/inventory';
import { objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** SM-DR21, EUAZ-SR-2: every proxy writes access logs; high-risk workloads log every request. */
export const ACCESS_LOGGING: MeshRule = {
  id: 'MESH-TEL-01',
  title: 'Access logging is on for every proxy, unfiltered for high-risk workloads',
  rationale: 'Access logs are the evidence that authentication and authorization were enforced and the raw material for detecting '
    + 'token reuse, injection and scanning; a proxy that does not log leaves a blind spot. For high-risk workloads every request is '
    + 'logged, not only the ones a filter keeps.',
  fix: 'keep the `Mesh` default `telemetry: { accessLogging: true }` (the SDK\'s mesh-wide Telemetry `mesh-default` logs through '
    + '`cdk8s-mesh-access-log`), or record why it is off with `accessLoggingDisabledJustification`. Outside the SDK add a Telemetry in '
    + 'the root namespace without selector with `accessLogging: [{ providers: [{ name: <provider> }] }]` (or set the mesh config\'s '
    + '`accessLogFile`), remove `disabled: true` from narrower Telemetries, and drop `filter` for high-risk workloads',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SM-DR21', 'EUAZ-SR-2', 'MS-SS-5'],
  controls: ['AU-2', 'AU-12'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w): Outcome[] => {
      const dp = inventory.dataPlaneOf(w);
      if (dp.kind === 'none') return [];
      const gap = telemetryGap(dp);
      if (gap !== undefined) return [violation(w.entry.ref, `access logging of ${w.namespace}/${w.name} is not available on its data plane: ${gap}`, { severity: 'info' })];
      return [accessLogOutcome(inventory, w)];
    });
  },
};

function accessLogOutcome(inventory: Inventory, w: Workload): Outcome {
  const who = `${w.namespace}/${w.name}`;
  const deciding = telemetriesFor(inventory, w).find((t) => entriesOf(t, 'accessLogging').length > 0);
  if (!deciding) {
    const defaults = defaultAccessLogProviders(inventory);
    if (defaults.length > 0) return compliant(w.entry.ref, `the mesh config logs the requests of ${who} through ${JSON.stringify(defaults)} (no Telemetry overrides it)`);
    return violation(w.entry.ref, `no Telemetry turns access logging on for ${who} and the mesh config sets no accessLogFile or default access-log provider; `
      + `expected a Telemetry in ${inventory.rootNamespace} without selector with accessLogging providers`);
  }
  const name = `${isMeshWide(inventory, deciding) ? 'mesh-wide ' : ''}Telemetry ${deciding.ref.namespace}/${deciding.ref.name}`;
  const entries = entriesOf(deciding, 'accessLogging');
  const active = activeAccessLogProviders(inventory, entries);
  if (active.length === 0) {
    const justification = telemetryException(deciding, 'access-logging');
    const disabled = entries.some((e) => e.disabled === true);
    return violation(w.entry.ref, `${name} ${disabled ? 'disables access logging' : 'names no access-log provider'} for ${who} (accessLogging ${JSON.stringify(entries)}); expected a provider that logs its requests`,
      justification !== undefined ? { justification } : {});
  }
  const filters = entries.filter((e) => e.disabled !== true).map((e) => objectOf(e.filter).expression).filter((x): x is string => typeof x === 'string');
  if (filters.length > 0 && inventory.riskOf(w) === 'high') {
    return violation(w.entry.ref, `${name} logs only the requests of high-risk ${who} that match the filter ${JSON.stringify(filters[0])}; expected every request to be logged (no filter) for high risk`);
  }
  return compliant(w.entry.ref, `${name} logs the requests of ${who} through ${JSON.stringify(active)}${filters.length ? ` (filter ${JSON.stringify(filters[0])})` : ''}`);
}
