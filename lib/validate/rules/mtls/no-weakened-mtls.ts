// SPDX-License-Identifier: Apache-2.0
import { describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

const WEAK = new Set(['PERMISSIVE', 'DISABLE']);

/** SP 800-204A SM-DR19 / SAUN-SR-1: no PeerAuthentication lowers mTLS below STRICT. */
export const NO_WEAKENED_MTLS: MeshRule = {
  id: 'MESH-MTLS-02',
  title: 'No PeerAuthentication lowers mTLS to PERMISSIVE or DISABLE, for a workload, namespace or port',
  rationale: 'A narrower PeerAuthentication overrides the mesh-wide policy: a namespace, workload or port set to PERMISSIVE or DISABLE '
    + 'accepts plaintext from anyone, bypassing peer authentication and the identity-based authorization built on it.',
  fix: 'the SDK never emits a weaker PeerAuthentication; remove the hand-written or patched one, or set its `mtls.mode` and every '
    + '`portLevelMtls[*].mode` to STRICT (or UNSET to inherit the mesh-wide STRICT policy)',
  severity: 'error',
  recommendations: ['SM-DR19', 'SAUN-SR-1', 'MS-SS-4'],
  controls: ['SC-8', 'IA-3'],
  target: 'manifest',
  unsuppressibleAt: ['high'],
  check({ inventory }) {
    return inventory.ofKind('PeerAuthentication', 'security.istio.io').map((e) => {
      const spec = objectOf(e.object.spec);
      const where = describeRef(e.ref);
      const problems: string[] = [];
      const mode = objectOf(spec.mtls).mode;
      if (typeof mode === 'string' && WEAK.has(mode.toUpperCase())) problems.push(`mtls.mode ${JSON.stringify(mode)}`);
      const portLevel = objectOf(spec.portLevelMtls);
      for (const [port, value] of Object.entries(portLevel).sort(([a], [b]) => Number(a) - Number(b))) {
        const m = objectOf(value).mode;
        if (typeof m === 'string' && WEAK.has(m.toUpperCase())) problems.push(`port ${port} ${JSON.stringify(m)}`);
      }
      if (problems.length === 0) {
        const ports = Object.keys(portLevel).length;
        return compliant(e.ref, `${where} sets mtls.mode ${mode === undefined ? 'unset' : JSON.stringify(mode)}${ports > 0 ? ` and ${ports} port-level mode(s) STRICT or UNSET` : ''}`);
      }
      return violation(e.ref, `${where} lowers mTLS: ${problems.join(', ')}; expected STRICT or UNSET`);
    });
  },
};
