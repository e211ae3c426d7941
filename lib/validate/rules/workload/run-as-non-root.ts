// SPDX-License-Identifier: Apache-2.0
import { containerLabel, containersOf, effective, hardeningJustification, workloadName } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A AHLC-SR-1: containers do not run as root. */
export const RUN_AS_NON_ROOT: MeshRule = {
  id: 'MESH-WL-01',
  title: 'Every container of an application workload runs as a non-root user',
  rationale: 'A process running as UID 0 keeps root\'s powers over the container\'s files and is one kernel or runtime flaw away from root on the node; '
    + '`runAsNonRoot` makes the kubelet refuse to start a container whose user is root.',
  fix: '`mesh.addService(...)` sets `runAsNonRoot: true` unless `hardeningExceptions.runAsRoot` records why the image needs root (the finding is then reported as suppressed '
    + 'with that reason); pick a non-root `runAsUser` if the image has no USER. In hand-written YAML set `securityContext.runAsNonRoot: true` on the pod or every container '
    + 'and no `runAsUser: 0`',
  severity: 'error',
  recommendations: ['AHLC-SR-1'],
  controls: ['AC-6', 'CM-7'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w) => {
      const containers = containersOf(w);
      if (containers.length === 0) return [];
      const problems: string[] = [];
      for (const c of containers) {
        const nonRoot = effective(c, 'runAsNonRoot');
        const user = effective(c, 'runAsUser');
        const issues: string[] = [];
        if (nonRoot !== true) issues.push(`runAsNonRoot ${nonRoot === undefined ? 'unset' : JSON.stringify(nonRoot)}`);
        if (user === 0 || user === '0') issues.push('runAsUser 0');
        if (issues.length > 0) problems.push(`${containerLabel(c)} has ${issues.join(' and ')}`);
      }
      const subject = w.entry.ref;
      if (problems.length === 0) return [compliant(subject, `${w.kind} ${workloadName(w)}: every container runs with runAsNonRoot true and a non-zero user`)];
      const justification = hardeningJustification(w, 'run-as-root');
      return [violation(subject, `${w.kind} ${workloadName(w)}: ${problems.join('; ')}; expected runAsNonRoot true (pod or container) and no runAsUser 0`,
        justification !== undefined ? { justification } : {})];
    });
  },
};
