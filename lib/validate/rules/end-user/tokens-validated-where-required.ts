// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { matchesLabels } from '../../../analyze/label-selector';
import { type InventoryEntry, describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { actionOf, authorizationPolicies, policyScope, riskOption, selectorLabels, targetRefsOf } from '../authz/authz-helpers';
import { appliesToPod, appliesToTarget, policyUsesToken, requestAuthentications } from './end-user-helpers';

/** SP 800-207A ID-SEG-REC-4, SP 800-204B EAUN-SR-1, SP 800-204 MS-SS-1: token conditions are backed by token validation. */
export const TOKENS_VALIDATED_WHERE_REQUIRED: MeshRule = {
  id: 'MESH-EU-02',
  title: 'Every enforcement point of a policy on end-user tokens validates those tokens',
  rationale: 'Istio only fills `request.auth.*` from a token that a RequestAuthentication validated at the same proxy. Without one, an '
    + 'ALLOW rule on `requestPrincipals` or claims never matches (the service is unreachable) and a DENY on `notRequestPrincipals` denies everything.',
  fix: 'use `EndUser.issuer(issuer)` in the rule or call `MeshService.acceptTokensFrom(issuer)`, which emit the RequestAuthentication next to '
    + 'the policy; in hand-written YAML, add a RequestAuthentication with `jwtRules` that selects the same pods (`selector`, or namespace-/'
    + 'mesh-wide) or, for waypoint and gateway policies, has the same `targetRefs`',
  severity: 'error',
  recommendations: ['ID-SEG-REC-4', 'EAUN-SR-1', 'MS-SS-1'],
  controls: ['IA-2', 'AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const ras = requestAuthentications(inventory);
    return authorizationPolicies(inventory).filter(policyUsesToken).map((p) => {
      const where = `${actionOf(p)} ${describeRef(p.ref)}`;
      const { covered, uncovered } = enforcementPoints(inventory, p, ras);
      const risk = riskOption(inventory, policyScope(inventory, p).app);
      if (uncovered.length) {
        return violation(p.ref, `${where} matches on end-user tokens but ${uncovered.join('; ')}; expected a RequestAuthentication validating the tokens at each of its enforcement points`, risk);
      }
      return compliant(p.ref, `${where} matches on end-user tokens validated by ${covered.join(', ')}`, risk);
    });
  },
};

/** Each enforcement point of `p`, as the RequestAuthentication covering it or the reason it validates no token. */
function enforcementPoints(inventory: Inventory, p: InventoryEntry, ras: readonly InventoryEntry[]): { covered: string[]; uncovered: string[] } {
  const covered = new Set<string>();
  const uncovered: string[] = [];
  const ns = p.ref.namespace ?? 'default';
  const refs = targetRefsOf(p);
  if (refs.length > 0) {
    for (const r of refs) {
      const target = { kind: String(r.kind ?? ''), name: String(r.name ?? ''), namespace: ns };
      const ra = ras.find((x) => appliesToTarget(inventory, x, target));
      if (ra) covered.add(describeRef(ra.ref));
      else uncovered.push(`no RequestAuthentication applies to ${target.kind} ${ns}/${target.name}`);
    }
    return { covered: [...covered], uncovered };
  }
  const selected = inventory.workloadsSelectedBy(p);
  for (const w of selected) {
    const kind = inventory.dataPlaneOf(w).kind;
    const name = `${w.namespace}/${w.name}`;
    if (kind === 'proxyless') { uncovered.push(`proxyless gRPC workload ${name} validates no tokens (gRFC A41)`); continue; }
    if (kind === 'ambient') { uncovered.push(`ambient workload ${name} is selected, so ztunnel enforces the policy and it validates no tokens (attach with targetRefs to a waypoint instead)`); continue; }
    const ra = ras.find((x) => appliesToPod(inventory, x, w));
    if (ra) covered.add(describeRef(ra.ref));
    else uncovered.push(`no RequestAuthentication selects ${name}`);
  }
  if (selected.length === 0) {
    // The selected pods are not in the manifests: compare the selectors.
    const labels = selectorLabels(p) ?? {};
    const ra = ras.find((x) => targetRefsOf(x).length === 0 && (x.ref.namespace === ns || x.ref.namespace === inventory.rootNamespace)
      && matchesLabels(selectorLabels(x) ?? {}, labels));
    if (ra) covered.add(describeRef(ra.ref));
    else uncovered.push(`no RequestAuthentication in ${ns} or ${inventory.rootNamespace} selects the pods matching ${JSON.stringify(labels)}`);
  }
  return { covered: [...covered], uncovered };
}
