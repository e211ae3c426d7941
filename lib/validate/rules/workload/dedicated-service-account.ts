// SPDX-License-Identifier: Apache-2.0
import { workloadName } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A SM-DR18 / SM-DR11: every workload has its own identity. */
export const DEDICATED_SERVICE_ACCOUNT: MeshRule = {
  id: 'MESH-WL-05',
  title: 'Every application workload runs as its own ServiceAccount, not `default` and not shared',
  rationale: 'The ServiceAccount is the workload\'s mesh identity (its SPIFFE id): workloads running as `default` or sharing an account are '
    + 'indistinguishable to mTLS and authorization policies, so a rule allowing one allows them all.',
  fix: '`mesh.addService(...)` creates a dedicated ServiceAccount per service (`MeshService.serviceAccount`); for raw workloads create one '
    + 'ServiceAccount per workload and set `spec.template.spec.serviceAccountName` to it',
  severity: 'error',
  recommendations: ['SM-DR18', 'SM-DR11'],
  controls: ['IA-2', 'IA-3', 'AC-6'],
  target: 'manifest',
  check({ inventory }) {
    const apps = inventory.applicationWorkloads();
    const bySa = new Map<string, typeof apps>();
    for (const w of apps) {
      const key = `${w.namespace}/${w.serviceAccount}`;
      bySa.set(key, [...(bySa.get(key) ?? []), w]);
    }
    return apps.map((w) => {
      const where = `${w.kind} ${workloadName(w)}`;
      if (w.serviceAccount === 'default') {
        return violation(w.entry.ref, `${where} runs as ServiceAccount "default" (serviceAccountName unset or "default"); expected a ServiceAccount of its own`);
      }
      const others = (bySa.get(`${w.namespace}/${w.serviceAccount}`) ?? []).filter((o) => o !== w);
      if (others.length > 0) {
        return violation(w.entry.ref, `${where} shares ServiceAccount ${JSON.stringify(w.serviceAccount)} with ${others.map((o) => `${o.kind} ${workloadName(o)}`).join(', ')}; expected a ServiceAccount of its own`);
      }
      return compliant(w.entry.ref, `${where} runs as its own ServiceAccount ${JSON.stringify(w.serviceAccount)}`);
    });
  },
};
