// SPDX-License-Identifier: Apache-2.0
import { containerLabel, containersOf, hardeningJustification, workloadName } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A AHLC-SR-3: root filesystems are read-only. */
export const READ_ONLY_ROOT_FILESYSTEM: MeshRule = {
  id: 'MESH-WL-03',
  title: 'Every container of an application workload has a read-only root filesystem',
  rationale: 'A writable root filesystem lets an attacker who gained code execution drop tools or alter binaries and configuration inside the container; '
    + 'a read-only root with explicit writable volumes keeps the image as built.',
  fix: '`mesh.addService(...)` sets `readOnlyRootFilesystem: true` with a writable emptyDir at /tmp, unless `hardeningExceptions.writableRootFilesystem` '
    + 'records why the application must write elsewhere (the finding is then reported as suppressed with that reason); in hand-written YAML set '
    + '`securityContext.readOnlyRootFilesystem: true` on every container and mount emptyDir volumes where it writes',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['AHLC-SR-3'],
  controls: ['CM-7', 'SI-7'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w) => {
      const containers = containersOf(w);
      if (containers.length === 0) return [];
      const where = `${w.kind} ${workloadName(w)}`;
      const writable = containers.filter((c) => c.securityContext.readOnlyRootFilesystem !== true);
      if (writable.length === 0) return [compliant(w.entry.ref, `${where}: every container sets readOnlyRootFilesystem true`)];
      const list = writable.map((c) => `${containerLabel(c)} (readOnlyRootFilesystem ${c.securityContext.readOnlyRootFilesystem === undefined ? 'unset' : JSON.stringify(c.securityContext.readOnlyRootFilesystem)})`).join(', ');
      const justification = hardeningJustification(w, 'writable-root-filesystem');
      return [violation(w.entry.ref, `${where}: ${list}; expected readOnlyRootFilesystem true on every container`, justification !== undefined ? { justification } : {})];
    });
  },
};
