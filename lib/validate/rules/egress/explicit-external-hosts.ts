// SPDX-License-Identifier: Apache-2.0
import { externalServiceEntries, hostsOf } from './egress-helpers';
import { arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** SM-DR8: external services are opened by name, to the namespaces that call them. */
export const EXPLICIT_EXTERNAL_HOSTS: MeshRule = {
  id: 'MESH-EGRESS-03',
  title: 'ServiceEntries of external services name exact hosts and are visible only where they are called',
  rationale: 'A wildcard host cannot be resolved, so the proxy forwards to whatever address the workload dialled and egress is no longer '
    + 'limited to named destinations. A ServiceEntry exported to every namespace opens the destination to workloads that never declared it.',
  fix: 'declare the service with `new ExternalService(scope, id, { mesh, hosts: [...exact names], ports })` and grant callers with '
    + '`service.allowEgressTo(external)`: the SDK exports the ServiceEntry only to the callers\' namespaces. Outside the SDK list exact '
    + '`spec.hosts` and set `spec.exportTo` to the namespaces that call it (e.g. `["."]`)',
  severity: 'warning',
  recommendations: ['SM-DR8'],
  controls: ['SC-7', 'AC-4'],
  target: 'manifest',
  check({ inventory }) {
    const meshDefault = arrayOf(objectOf(inventory.meshConfig()).defaultServiceExportTo).map(String);
    return externalServiceEntries(inventory).map((se) => {
      const spec = objectOf(se.object.spec);
      const name = `ServiceEntry ${se.ref.namespace}/${se.ref.name}`;
      const hosts = hostsOf(se);
      const problems: string[] = [];
      const wildcards = hosts.filter((h) => h.includes('*'));
      if (wildcards.length > 0) problems.push(`wildcard hosts ${JSON.stringify(wildcards)} (expected exact names)`);
      let visibility: string;
      if (spec.exportTo === undefined) {
        if (meshDefault.length > 0 && !meshDefault.includes('*')) visibility = `exported to ${JSON.stringify(meshDefault)} by the mesh config's defaultServiceExportTo`;
        else {
          visibility = '';
          problems.push('no exportTo, so it is visible in every namespace (expected the namespaces that call it)');
        }
      } else {
        const exportTo = arrayOf(spec.exportTo).map(String);
        if (exportTo.includes('*')) problems.push(`exportTo ${JSON.stringify(exportTo)} makes it visible in every namespace (expected the namespaces that call it)`);
        visibility = `exported to ${JSON.stringify(exportTo)}`;
      }
      if (problems.length > 0) return violation(se.ref, `${name} has ${problems.join(' and ')}`);
      return compliant(se.ref, `${name} names the exact hosts ${JSON.stringify(hosts)} and is ${visibility}`);
    });
  },
};
