// SPDX-License-Identifier: Apache-2.0
import type { ServiceModel, SourceModel } from '../../../model/mesh-model';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** SP 800-204B SAUZ-SR-1: high-risk services admit callers one identity at a time. */
export const HIGH_RISK_NAMED_CALLERS: MeshRule = {
  id: 'MESH-MODEL-05',
  title: 'High-risk services admit callers by workload identity, not by namespace, address or "any authenticated peer"',
  rationale: 'SP 800-204B asks for service-to-service policies at least per namespace and ideally per service identity (least privilege). For a '
    + 'high-risk service, a grant to a whole namespace, an IP block or any authenticated peer admits every workload that lands there later, '
    + 'without a review of this service\'s policy.',
  fix: 'name each caller with `allowFrom(<service or WorkloadIdentity>)` instead of `Peer.namespace(...)`, `Peer.ipBlock(...)`, '
    + '`Peer.anyAuthenticated()` or `Peer.anyone()`; or suppress with the reason the wider grant is needed',
  severity: 'error',
  recommendations: ['SAUZ-SR-1', 'APE-SR-3', 'ID-SEG-REC-3'],
  controls: ['AC-3', 'AC-6'],
  target: 'model',
  check({ model }) {
    if (!model) return [];
    return model.services.filter((s) => s.risk === 'high').flatMap((s): Outcome[] => {
      const allows = s.access.filter((a) => a.action === 'ALLOW' && !a.dryRun);
      if (allows.length === 0) return [];
      const subject = { apiVersion: 'cdk8s-mesh', kind: 'MeshService', name: s.name, namespace: s.namespace, constructPath: s.path };
      const wide = allows.flatMap((a) => a.sources.filter((src) => widening(src) !== undefined).map((src) => `${src.label} (${widening(src)})`));
      if (wide.length === 0) return [compliant(subject, `${describe(s)} admits only named identities: ${[...new Set(allows.flatMap((a) => a.sources.map((src) => src.label)))].sort().join(', ')}`, { risk: 'high' })];
      return [violation(subject, `${describe(s)} is high risk and admits ${[...new Set(wide)].sort().join(', ')}; expected callers named by workload identity`, { risk: 'high' })];
    });
  },
};

function describe(s: ServiceModel): string {
  return `service ${s.namespace}/${s.name}`;
}

/** What makes a source wider than named identities, or undefined. */
function widening(src: SourceModel): string | undefined {
  if (src.anyone) return 'any source';
  if (src.anyAuthenticated) return 'any authenticated peer';
  if (src.namespaces.length > 0) return `every workload of namespace ${src.namespaces.join(', ')}`;
  if (src.ipBlocks.length > 0) return `addresses ${src.ipBlocks.join(', ')}`;
  return undefined;
}
