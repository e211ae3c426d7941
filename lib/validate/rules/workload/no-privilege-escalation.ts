// SPDX-License-Identifier: Apache-2.0
import { containerLabel, containersOf, hardeningJustification, workloadName } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A AHLC-SR-4: no privilege escalation and no privileged containers. */
export const NO_PRIVILEGE_ESCALATION: MeshRule = {
  id: 'MESH-WL-04',
  title: 'Every container of an application workload forbids privilege escalation and is not privileged',
  rationale: 'With `allowPrivilegeEscalation` left on, setuid binaries and file capabilities let a process gain more privileges than it started with; '
    + 'a privileged container has all of the host\'s devices and capabilities, which defeats container isolation.',
  fix: '`mesh.addService(...)` sets `allowPrivilegeEscalation: false` and `privileged: false`, unless `hardeningExceptions.allowPrivilegeEscalation` '
    + 'records why (the finding is then reported as suppressed with that reason; it never covers `privileged`); in hand-written YAML set '
    + '`securityContext.allowPrivilegeEscalation: false` on every container and remove `privileged: true`',
  severity: 'error',
  recommendations: ['AHLC-SR-4'],
  controls: ['AC-6', 'CM-7'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w) => {
      const containers = containersOf(w);
      if (containers.length === 0) return [];
      const where = `${w.kind} ${workloadName(w)}`;
      const escalating = containers.filter((c) => c.securityContext.allowPrivilegeEscalation !== false);
      const privileged = containers.filter((c) => c.securityContext.privileged === true);
      if (escalating.length === 0 && privileged.length === 0) {
        return [compliant(w.entry.ref, `${where}: every container sets allowPrivilegeEscalation false and none is privileged`)];
      }
      const problems = [
        ...escalating.map((c) => `${containerLabel(c)} has allowPrivilegeEscalation ${c.securityContext.allowPrivilegeEscalation === undefined ? 'unset' : JSON.stringify(c.securityContext.allowPrivilegeEscalation)}`),
        ...privileged.map((c) => `${containerLabel(c)} is privileged`),
      ];
      // The recorded exception covers privilege escalation only, never a privileged container.
      const justification = privileged.length === 0 ? hardeningJustification(w, 'allow-privilege-escalation') : undefined;
      return [violation(w.entry.ref, `${where}: ${problems.join('; ')}; expected allowPrivilegeEscalation false and no privileged containers`,
        justification !== undefined ? { justification } : {})];
    });
  },
};
