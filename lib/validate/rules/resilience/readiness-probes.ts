// SPDX-License-Identifier: Apache-2.0
import { arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** Kinds that run to completion and never receive traffic: readiness does not apply. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/** MS-SS-7, SM-DR26: health checks feed load balancing, so every serving container has a readiness probe. */
export const READINESS_PROBES: MeshRule = {
  id: 'MESH-RES-02',
  title: 'Every container of every application workload has a readiness probe',
  rationale: 'Kubernetes and the mesh send traffic only to endpoints that report ready; without a readiness probe a pod receives requests '
    + 'as soon as it starts and keeps receiving them while it cannot serve, so load balancing works from wrong health data.',
  fix: 'keep the SDK\'s default readiness probe or set the `readiness` option of `mesh.addService(...)` (e.g. `kplus.Probe.fromHttpGet(\'/healthz\')`); '
    + 'outside the SDK set `readinessProbe` on every container of the pod template',
  severity: 'warning',
  recommendations: ['MS-SS-7', 'SM-DR26'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().filter((w) => !RUN_TO_COMPLETION.has(w.kind)).map((w) => {
      const containers = arrayOf(w.podSpec.containers).map(objectOf);
      const names = containers.map((c, i) => (typeof c.name === 'string' ? c.name : `#${i}`));
      const missing = names.filter((_n, i) => containers[i].readinessProbe === undefined);
      const who = `${w.kind} ${w.namespace}/${w.name}`;
      if (containers.length === 0) return violation(w.entry.ref, `${who} has no containers; expected containers with a readinessProbe`);
      if (missing.length > 0) return violation(w.entry.ref, `${who} has containers without a readinessProbe: ${JSON.stringify(missing)}; expected a readinessProbe on every container`);
      return compliant(w.entry.ref, `every container of ${who} (${names.join(', ')}) has a readinessProbe`);
    });
  },
};
