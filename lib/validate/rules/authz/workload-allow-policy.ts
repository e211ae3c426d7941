// SPDX-License-Identifier: Apache-2.0
import type { Inventory, Workload } from '../../../analyze/inventory';
import { readCiliumSelector, selects } from '../../../analyze/label-selector';
import { type InventoryEntry, arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type Json, actionOf, authorizationPolicies, isDryRun, policyScope, rulesOf } from './authz-helpers';

/** Cilium peer selectors of an ingress rule. */
const CILIUM_FROM = ['fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'fromGroups', 'fromNodes'];

/** SP 800-204B SAUZ-SR-1, SP 800-207A ID-SEG-REC-3: every workload has a service-to-service access policy. */
export const WORKLOAD_ALLOW_POLICY: MeshRule = {
  id: 'MESH-AUTHZ-02',
  title: 'Every enrolled application workload is selected by an ALLOW policy that admits its callers',
  rationale: 'Under default deny, a workload that no ALLOW rule selects is unreachable; this is usually a forgotten policy, and the '
    + 'usual repair under time pressure (a broad allow-all) is worse than writing the least-privilege policy up front.',
  fix: 'call `MeshService.allowFrom(peer, { methods, paths, ports })` for each caller of the service (or remove the service if nothing calls it); '
    + 'in hand-written YAML, add an AuthorizationPolicy with `action: ALLOW`, `rules` naming the callers, and a `selector` (sidecar, ztunnel, '
    + 'proxyless) or `targetRefs` to the Service (waypoint); for Cilium-managed workloads, a CiliumNetworkPolicy with `ingress` rules',
  severity: 'warning',
  recommendations: ['SAUZ-SR-1', 'ID-SEG-REC-3'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    // enforced ALLOW policies with rules, by the application workloads they apply to
    const allowsOf = new Map<Workload, InventoryEntry[]>();
    for (const p of authorizationPolicies(inventory)) {
      if (actionOf(p) !== 'ALLOW' || isDryRun(p) || rulesOf(p).length === 0) continue;
      for (const w of policyScope(inventory, p).app) {
        const list = allowsOf.get(w);
        if (list) list.push(p);
        else allowsOf.set(w, [p]);
      }
    }
    return inventory.applicationWorkloads().flatMap((w) => {
      const kind = inventory.dataPlaneOf(w).kind;
      const name = `${w.namespace}/${w.name}`;
      if (kind === 'none') return [];
      if (kind === 'sharedNode') {
        const cnp = ciliumAllow(inventory, w);
        return [cnp
          ? compliant(w.entry.ref, `${name} (shared node) is admitted by the ingress rules of ${describeRef(cnp.ref)}`)
          : violation(w.entry.ref, `${name} (shared node) is selected by no CiliumNetworkPolicy ingress rule that admits a peer; expected an ingress rule naming its callers`)];
      }
      const found = (allowsOf.get(w) ?? []).map((p) => describeRef(p.ref));
      return [found.length
        ? compliant(w.entry.ref, `${name} (${kind}) is selected by ALLOW ${found.join(', ')}`)
        : violation(w.entry.ref, `${name} (${kind}) is selected by no enforced ALLOW AuthorizationPolicy with rules, so no caller can reach it; expected an ALLOW policy naming its callers`)];
    });
  },
};

/** A CiliumNetworkPolicy selecting `w` with an ingress rule that admits some peer. */
function ciliumAllow(inventory: Inventory, w: Workload): InventoryEntry | undefined {
  return inventory.ciliumPoliciesSelecting(w).find((p) => [p.object.spec, ...arrayOf(p.object.specs)].map(objectOf).some((s) => {
    const sel = readCiliumSelector(s.endpointSelector);
    return sel !== undefined && selects(sel, inventory.ciliumLabels(w)) && arrayOf(s.ingress).map(objectOf).some(admitsPeer);
  }));
}

/** An ingress rule admits a peer unless each of its peer selectors is an empty list (`fromRequires` only narrows). */
function admitsPeer(rule: Json): boolean {
  const present = CILIUM_FROM.filter((k) => rule[k] !== undefined);
  if (present.length === 0) return rule.fromRequires === undefined;
  return present.some((k) => arrayOf(rule[k]).length > 0);
}
