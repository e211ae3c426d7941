// SPDX-License-Identifier: Apache-2.0
import { MODEL_TITLES } from './model-titles';
import { RISK_MODEL_MATRIX, admittedModels } from '../../risk-matrix';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-233: every workload runs on a proxy model its risk profile admits. */
export const MODEL_BY_RISK: MeshRule = {
  id: 'MESH-MODEL-01',
  title: 'Every workload runs on a proxy model its risk profile admits (SP 800-233)',
  rationale: 'SP 800-233 ties the data-plane model to the application\'s risk: high-risk workloads need their own sidecar proxy; '
    + 'medium-risk workloads should not share an L4–L7 proxy with the other pods of their node; low-risk workloads do not need a per-pod proxy.',
  fix: 'set the service\'s `proxyModel` to one its `riskProfile` admits (high: `ProxyModel.sidecar()`; medium: `ProxyModel.ambient({ waypoint: true })`, '
    + '`ProxyModel.proxyless()` or `ProxyModel.sidecar()`), or set `riskProfile` to what the service\'s risk assessment says; '
    + 'outside the SDK, label the workload `mesh.cdk8s.io/risk-profile` and enrol it in the matching data plane',
  severity: 'error',
  recommendations: ['800-233/model-by-risk'],
  controls: ['SC-7', 'SC-39'],
  target: 'manifest',
  unsuppressibleAt: ['high'],
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w) => {
      const dp = inventory.dataPlaneOf(w);
      if (dp.kind === 'none') return [];
      const risk = inventory.riskOf(w);
      const cell = RISK_MODEL_MATRIX[risk][dp.kind];
      const subject = w.entry.ref;
      const what = `${w.namespace}/${w.name} has risk profile ${risk} and runs on ${MODEL_TITLES[dp.kind]} (${dp.evidence})`;
      switch (cell.verdict) {
        case 'required':
        case 'recommended':
        case 'allowed':
          return [compliant(subject, `${what}: ${cell.verdict} — ${cell.reason}`, { risk })];
        case 'note':
          return [violation(subject, `${what}: ${cell.reason}`, { risk, severity: 'info' })];
        case 'not-desirable':
          return [violation(subject, `${what}: ${cell.reason}; expected one of ${admittedModels(risk).map((m) => MODEL_TITLES[m]).join(', ')}, or a suppression stating why the node proxy is acceptable`, { risk, severity: 'error' })];
        case 'not-allowed':
          return [violation(subject, `${what}: ${cell.reason}; expected ${admittedModels(risk).map((m) => MODEL_TITLES[m]).join(' or ')}`, { risk, severity: 'error' })];
      }
    });
  },
};
