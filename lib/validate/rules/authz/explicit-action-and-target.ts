// SPDX-License-Identifier: Apache-2.0
import { Inventory } from '../../../analyze/inventory';
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { actionOf, authorizationPolicies, policyScope, riskOption, rulesOf, specOf } from './authz-helpers';

/** SP 800-204B APE-SR-1: every policy states its type and its target scope. */
export const EXPLICIT_ACTION_AND_TARGET: MeshRule = {
  id: 'MESH-AUTHZ-06',
  title: 'Every AuthorizationPolicy states its action and its target',
  rationale: 'An implicit action reads as ALLOW only to those who know Istio\'s default, and a policy without selector or targetRefs silently '
    + 'applies to the whole namespace (the whole mesh in the root namespace). Stating both makes the policy reviewable; only default-deny '
    + 'policies are meant to be namespace- or mesh-wide.',
  fix: 'policies rendered by `MeshService.allowFrom`/`denyFrom`/`authorizeWith` always carry both; in hand-written YAML, set `action` '
    + '(ALLOW, DENY, AUDIT or CUSTOM) and a `selector.matchLabels` (sidecar, ztunnel, proxyless) or `targetRefs` (waypoint, gateway), '
    + 'leaving both out only for an allow-nothing or a DENY policy meant for the whole namespace or mesh',
  severity: 'info',
  recommendations: ['APE-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    return authorizationPolicies(inventory).map((p) => {
      const spec = specOf(p);
      const action = actionOf(p);
      const where = describeRef(p.ref);
      const problems: string[] = [];
      if (typeof spec.action !== 'string' || spec.action === '') problems.push('sets no action (Istio then applies ALLOW)');
      const targeted = Inventory.isTargeted(p);
      const wide = p.ref.namespace === inventory.rootNamespace ? 'the whole mesh' : `every workload of namespace ${p.ref.namespace}`;
      const allowNothing = action === 'ALLOW' && rulesOf(p).length === 0;
      if (!targeted && !allowNothing && action !== 'DENY') problems.push(`${action} policy has neither selector nor targetRefs, so it applies to ${wide}`);
      const risk = riskOption(inventory, policyScope(inventory, p).app);
      if (problems.length) return violation(p.ref, `${where} ${problems.join('; ')}; expected an explicit action and a selector or targetRefs`, risk);
      const target = targeted ? (spec.selector !== undefined ? 'a selector' : 'targetRefs') : `no target: a ${allowNothing ? 'default-deny' : 'DENY'} policy for ${wide}`;
      return compliant(p.ref, `${where} states action ${action} and ${target}`, risk);
    });
  },
};
