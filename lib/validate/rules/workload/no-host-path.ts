// SPDX-License-Identifier: Apache-2.0
import { workloadName } from './workload-helpers';
import { arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A AHLC-SR-2: application pods mount no host paths. */
export const NO_HOST_PATH: MeshRule = {
  id: 'MESH-WL-02',
  title: 'Application workloads mount no hostPath volumes',
  rationale: 'A hostPath volume exposes the node\'s filesystem to the pod (container runtime sockets, kubelet credentials, other pods\' data), '
    + 'so a compromised application can escape its isolation; mesh node agents are exempt, application workloads never need it.',
  fix: '`mesh.addService(...)` mounts only an emptyDir at /tmp; in hand-written or patched pod templates replace `volumes[].hostPath` with an emptyDir, '
    + 'a ConfigMap/Secret, or a PersistentVolumeClaim',
  severity: 'error',
  recommendations: ['AHLC-SR-2'],
  controls: ['AC-6', 'CM-7'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().map((w) => {
      const hostPaths = arrayOf(w.podSpec.volumes).map(objectOf).filter((v) => v.hostPath !== undefined);
      const where = `${w.kind} ${workloadName(w)}`;
      if (hostPaths.length === 0) return compliant(w.entry.ref, `${where} has no hostPath volume`);
      const list = hostPaths.map((v) => `${JSON.stringify(v.name)} (path ${JSON.stringify(objectOf(v.hostPath).path)})`).join(', ');
      return violation(w.entry.ref, `${where} mounts hostPath volume(s) ${list}; expected no hostPath volumes`);
    });
  },
};
