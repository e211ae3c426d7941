// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../inventory';
import { apiGroup, objectOf } from '../manifest-object';

/**
 * The mesh's trust domain: MeshConfig `trustDomain`, else the one the policies' principals
 * name most often, else `cluster.local` (Istio's default).
 */
export function trustDomainOf(inventory: Inventory): string {
  const configured = inventory.meshConfig()?.trustDomain;
  if (typeof configured === 'string' && configured !== '') return configured;
  const counts = new Map<string, number>();
  for (const p of inventory.ofKind('AuthorizationPolicy')) {
    if (apiGroup(p.ref.apiVersion) !== 'security.istio.io') continue;
    const text = JSON.stringify(objectOf(p.object.spec).rules ?? []);
    for (const m of text.matchAll(/"(?:spiffe:\/\/)?([^"/*]+)\/ns\/[^"/]+\/sa\/[^"]*"/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best = 'cluster.local';
  let bestCount = 0;
  for (const [td, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n > bestCount) [best, bestCount] = [td, n];
  }
  return best;
}
