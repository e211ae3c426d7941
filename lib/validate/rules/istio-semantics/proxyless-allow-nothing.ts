// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, rulesOf } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies, dryRunOf, listOf, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 2 (§b7): an ALLOW policy without rules is Istio's deny-all, but
 * proxyless gRPC builds no RBAC filter for it (grpcgen `buildInboundFilterChain` only adds the
 * ALLOW filter when some rule generated a policy), so it denies nothing there.
 */
export const PROXYLESS_ALLOW_NOTHING: MeshRule = {
  id: 'MESH-SEM-01',
  title: 'Proxyless gRPC workloads are default-deny through ALLOW rules, not through an allow-nothing policy alone',
  rationale: 'On a sidecar an ALLOW policy without rules still counts as attached and denies every request (the allow-nothing pattern). '
    + 'Proxyless gRPC servers only get an ALLOW RBAC filter when some ALLOW rule generates a policy, so an allow-nothing alone adds no filter '
    + 'and the server admits every caller (istio-authz-semantics §b7, grpcgen/lds.go). The default deny only holds when another ALLOW policy '
    + 'with rules, or a DENY policy matching every request, applies to the same server.',
  fix: 'declare the callers of a proxyless service with `allowFrom` (the SDK emits an ALLOW policy with rules, or a DENY of every request when a '
    + 'service admits no one); in YAML, add an ALLOW AuthorizationPolicy with at least one rule selecting the proxyless pods (e.g. admitting only '
    + 'the callers\' principals), or a DENY policy with `rules: [{}]` for a server nothing may reach',
  severity: 'error',
  recommendations: ['APE-SR-3', 'SAUZ-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const enforced = authorizationPolicies(inventory).filter((p) => !dryRunOf(p).dryRun);
    const policies = enforced.filter((p) => actionOf(p) === 'ALLOW');
    const denyAll = enforced.filter((p) => actionOf(p) === 'DENY' && rulesOf(p).some(matchesEverything));
    const out: Outcome[] = [];
    for (const p of policies) {
      if (rulesOf(p).length > 0) continue;
      const proxyless = selectorAttachments(inventory, p).filter((a) => a.kind === 'proxyless').map((a) => a.workload);
      if (proxyless.length === 0) continue;
      const open: string[] = [];
      const kept: string[] = [];
      for (const w of proxyless) {
        const others = [...policies.filter((o) => o !== p && rulesOf(o).length > 0), ...denyAll].filter((o) => selectorAttachments(inventory, o).some((a) => a.workload === w));
        if (others.length === 0) open.push(nameOf(w));
        else kept.push(`${nameOf(w)} (by ${others.map((o) => describeRef(o.ref)).join(', ')})`);
      }
      const where = describeRef(p.ref);
      out.push(open.length > 0
        ? violation(p.ref, `${where} is an ALLOW policy without rules applying to proxyless gRPC workloads ${listOf(open)}, where it builds no RBAC filter, so they admit every caller; expected an ALLOW policy with rules selecting them`)
        : compliant(p.ref, `${where} adds no filter on proxyless gRPC workloads, but ALLOW policies with rules or a DENY matching every request keep them default-deny: ${kept.join('; ')}`));
    }
    return out;
  },
};

/** A rule with no `from`, `to` or `when`: it matches every request. */
function matchesEverything(rule: Json): boolean {
  return arrayOf(rule.from).length === 0 && arrayOf(rule.to).length === 0 && arrayOf(rule.when).length === 0;
}
