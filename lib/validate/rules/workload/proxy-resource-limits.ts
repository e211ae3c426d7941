// SPDX-License-Identifier: Apache-2.0
import { workloadName } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

const CPU_LIMIT = 'sidecar.istio.io/proxyCPULimit';
const MEMORY_LIMIT = 'sidecar.istio.io/proxyMemoryLimit';

/** SP 800-204A MS-SS-13: sidecar proxies have resource limits. */
export const PROXY_RESOURCE_LIMITS: MeshRule = {
  id: 'MESH-WL-08',
  title: 'Sidecar proxies of application workloads have CPU and memory limits',
  rationale: 'An unbounded sidecar can be driven to exhaust its node\'s CPU or memory (e.g. by a flood of connections), degrading every pod there; '
    + 'limits confine the damage to the workload under attack.',
  fix: 'set the pod annotations `sidecar.istio.io/proxyCPULimit` and `sidecar.istio.io/proxyMemoryLimit` on the workload\'s pod template '
    + '(`service.deployment.podMetadata.addAnnotation(...)` on a `MeshService`), or set the install-wide limits `global.proxy.resources.limits` in the Istio Helm values '
    + '(which these manifests cannot show, hence only a note)',
  severity: 'info',
  recommendations: ['MS-SS-13'],
  controls: ['SC-5', 'SC-6'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w) => {
      if (inventory.dataPlaneOf(w).kind !== 'sidecar') return [];
      const where = `${w.kind} ${workloadName(w)}`;
      const missing = [CPU_LIMIT, MEMORY_LIMIT].filter((k) => (w.podAnnotations[k] ?? '') === '');
      if (missing.length === 0) {
        return [compliant(w.entry.ref, `${where} limits its sidecar to cpu ${w.podAnnotations[CPU_LIMIT]} and memory ${w.podAnnotations[MEMORY_LIMIT]}`)];
      }
      return [violation(w.entry.ref, `${where}: pod template has no ${missing.join(' or ')} annotation; expected both, unless the Istio installation sets `
        + 'global.proxy.resources.limits for every sidecar')];
    });
  },
};
