// SPDX-License-Identifier: Apache-2.0
import { isMeshHost, destinationRules, tlsBlocks, tlsMode } from './mtls-helpers';
import { describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

const REPLACING_ISTIO_MTLS = new Set(['DISABLE', 'SIMPLE', 'MUTUAL']);

/** SP 800-207A ID-SEG-REC-1 / SM-DR6: traffic to mesh services keeps Istio's mutual TLS. */
export const MESH_HOSTS_ISTIO_MUTUAL: MeshRule = {
  id: 'MESH-MTLS-03',
  title: 'DestinationRules for mesh services keep Istio mutual TLS (ISTIO_MUTUAL or unset)',
  rationale: 'A client-side `tls.mode` of DISABLE sends plaintext to a mesh service, and SIMPLE or MUTUAL replaces the workload\'s '
    + 'mesh certificate with other credentials, so the server can no longer authenticate the caller\'s SPIFFE identity; '
    + 'under STRICT mTLS the calls fail, under PERMISSIVE they pass unauthenticated.',
  fix: 'the SDK\'s DestinationRules (from `mesh.addService(...)` resilience) set `ISTIO_MUTUAL` or nothing; in hand-written or patched '
    + 'DestinationRules for in-mesh hosts set `trafficPolicy.tls.mode` (and each `portLevelSettings[*].tls.mode`) to ISTIO_MUTUAL or remove it',
  severity: 'error',
  recommendations: ['ID-SEG-REC-1', 'SM-DR6'],
  controls: ['SC-8', 'IA-3'],
  target: 'manifest',
  check({ inventory }) {
    return destinationRules(inventory).flatMap((e) => {
      const host = objectOf(e.object.spec).host;
      if (typeof host !== 'string' || !isMeshHost(inventory, host, e.ref.namespace ?? 'default')) return [];
      const where = `${describeRef(e.ref)} for mesh host ${JSON.stringify(host)}`;
      const bad = tlsBlocks(e).filter((b) => REPLACING_ISTIO_MTLS.has(tlsMode(b)));
      if (bad.length === 0) return [compliant(e.ref, `${where} keeps Istio mutual TLS (tls.mode ISTIO_MUTUAL or unset)`)];
      const list = bad.map((b) => `${b.path}.mode ${JSON.stringify(b.tls.mode)}`).join(', ');
      return [violation(e.ref, `${where} sets ${list}; expected ISTIO_MUTUAL or no tls.mode`)];
    });
  },
};
