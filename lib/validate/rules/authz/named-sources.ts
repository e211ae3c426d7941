// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type Json, actionOf, authorizationPolicies, policyScope, riskOption, rulesOf, sourcesOf, strings } from './authz-helpers';

/** Source fields that name callers, and the values that match every caller. */
const POSITIVE: Readonly<Record<string, (v: string) => boolean>> = {
  principals: (v) => v === '*',
  namespaces: (v) => v === '*',
  serviceAccounts: () => false,
  trustDomains: (v) => v === '*',
  ipBlocks: isEverywhere,
  remoteIpBlocks: isEverywhere,
  requestPrincipals: (v) => v === '*',
};

/** SP 800-204B SAUZ-SR-1, APE-SR-1, APE-SR-3: ALLOW rules name who may call. */
export const NAMED_SOURCES: MeshRule = {
  id: 'MESH-AUTHZ-03',
  title: 'ALLOW rules of application workloads name their callers',
  rationale: 'A rule without `from`, or whose source is any principal, any namespace or any address, admits every caller that reaches the '
    + 'workload: one compromised workload anywhere in the mesh can then call it, which defeats identity-based least privilege.',
  fix: 'pass the callers to `MeshService.allowFrom(peer, ...)`: a `MeshService`, `Peer.identity(...)` or `Peer.namespace(...)` instead of '
    + '`Peer.anyone()` or `Peer.anyAuthenticated()`; in hand-written YAML, give every ALLOW rule a `from[].source` with `principals`, '
    + '`serviceAccounts` or `namespaces` that name the calling workloads (never `"*"`, `0.0.0.0/0` or `::/0` alone)',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SAUZ-SR-1', 'APE-SR-1', 'APE-SR-3'],
  controls: ['AC-3', 'AC-6'],
  target: 'manifest',
  check({ inventory }) {
    return authorizationPolicies(inventory).flatMap((p) => {
      const rules = rulesOf(p);
      if (actionOf(p) !== 'ALLOW' || rules.length === 0) return [];
      const scope = policyScope(inventory, p);
      if (scope.gatewayOnly) return [];
      const where = describeRef(p.ref);
      const problems: string[] = [];
      rules.forEach((rule, i) => {
        const sources = sourcesOf(rule);
        if (sources.length === 0) problems.push(`rule ${i} has no from, so it admits any caller`);
        sources.forEach((s, j) => {
          if (!namesCallers(s)) problems.push(`rule ${i} source ${j} ${JSON.stringify(s)} names no caller`);
        });
      });
      const risk = riskOption(inventory, scope.app);
      if (problems.length) return [violation(p.ref, `${where}: ${problems.join('; ')}; expected principals, serviceAccounts or namespaces of the callers`, risk)];
      return [compliant(p.ref, `${where}: every rule names its callers`, risk)];
    });
  },
};

/** Whether a source restricts callers: some positive field with no match-everything value. */
function namesCallers(source: Json): boolean {
  return Object.entries(POSITIVE).some(([field, matchesAll]) => {
    const values = strings(source[field]);
    return values.length > 0 && !values.some(matchesAll);
  });
}

/** `0.0.0.0/0`, `::/0` and other CIDRs with prefix length 0. */
function isEverywhere(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}
