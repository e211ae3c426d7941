// SPDX-License-Identifier: Apache-2.0
import { Inventory } from '../../../analyze/inventory';
import { describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, expectedObject, violation } from '../../rule';

/** SP 800-204A MS-SS-4 / SM-DR19: a mesh-wide PeerAuthentication requires STRICT mTLS. */
export const MESH_WIDE_STRICT_MTLS: MeshRule = {
  id: 'MESH-MTLS-01',
  title: 'A mesh-wide PeerAuthentication in the root namespace requires STRICT mTLS',
  rationale: 'Without a mesh-wide STRICT policy, Istio accepts plaintext alongside mTLS (PERMISSIVE), so any pod can reach a service '
    + 'without a verified identity and without encryption; one root-namespace policy makes mutual TLS the default for every workload.',
  fix: '`new Mesh(...)` emits this policy (PeerAuthentication `default` in the mesh\'s `rootNamespace`); restore it if it was removed or patched. '
    + 'Outside the SDK, apply a PeerAuthentication in the root namespace (istio-system by default) without `selector` and with `spec.mtls.mode: STRICT`',
  severity: 'error',
  recommendations: ['MS-SS-4', 'SM-DR6', 'SM-DR19', 'SAUN-SR-1', 'ID-SEG-REC-1', 'APE-SR-3'],
  controls: ['SC-8', 'IA-3'],
  target: 'manifest',
  unsuppressibleAt: ['high'],
  check({ inventory }) {
    if (inventory.applicationWorkloads().length === 0) return [];
    const root = inventory.rootNamespace;
    const meshWide = inventory.ofKind('PeerAuthentication', 'security.istio.io')
      .filter((e) => e.ref.namespace === root && !Inventory.isTargeted(e));
    if (meshWide.length === 0) {
      return [violation(expectedObject('security.istio.io/v1', 'PeerAuthentication', 'default', root),
        `no PeerAuthentication without selector in the root namespace ${root}; expected one with mtls.mode "STRICT"`)];
    }
    // Istio uses the oldest mesh-wide policy when there are several; every one of them must be STRICT.
    return meshWide.map((e) => {
      const mode = objectOf(objectOf(e.object.spec).mtls).mode;
      const where = describeRef(e.ref);
      return mode === 'STRICT'
        ? compliant(e.ref, `${where} applies mesh-wide with mtls.mode "STRICT"`)
        : violation(e.ref, `${where} applies mesh-wide with mtls.mode ${mode === undefined ? 'unset (inherits PERMISSIVE)' : JSON.stringify(mode)}; expected "STRICT"`);
    });
  },
};
