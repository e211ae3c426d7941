// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, rulesOf, sourcesOf, strings } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies, dryRunOf, listOf, trustDomains } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 23 (§b3, `MigrateTrustDomain`, istio/istio#55529): with trust-domain
 * aliases, a principal of the mesh's trust domain also matches the same `ns/sa` of every alias.
 */
export const TRUST_DOMAIN_ALIASES: MeshRule = {
  id: 'MESH-SEM-19',
  title: 'ALLOW policies that name principals do not silently admit the same accounts of alias trust domains',
  rationale: 'Istio rewrites every principal whose trust domain is the mesh\'s, one of its `trustDomainAliases` or `cluster.local` into one value '
    + 'per trust domain, so `ALLOW principals: [td/ns/pay/sa/api]` also admits `alias/ns/pay/sa/api`. When an alias is another mesh or cluster '
    + 'with its own CA, any workload there running as the same namespace and service account is admitted (istio-authz-semantics §b3; '
    + 'istio/istio#55529).',
  fix: 'keep `trustDomainAliases` only while migrating between trust domains that share one CA, and remove them once done; otherwise name '
    + 'foreign callers explicitly with their own trust domain (in the SDK, `WorkloadIdentity.fromServiceAccountName(…, { trustDomain })`)',
  severity: 'warning',
  recommendations: ['SAUZ-SR-1', '204B §5.2.1'],
  controls: ['AC-3', 'IA-9'],
  target: 'manifest',
  check({ inventory }) {
    if (inventory.meshConfig() === undefined) return [];
    const { trustDomain, aliases } = trustDomains(inventory);
    const domains = new Set([trustDomain, ...aliases, 'cluster.local']);
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      if (actionOf(p) !== 'ALLOW' || dryRunOf(p).dryRun) continue;
      const principals = [...new Set(rulesOf(p).flatMap(principalsOf))].filter((v) => v !== '*').sort();
      if (principals.length === 0) continue;
      const where = `ALLOW ${describeRef(p.ref)}`;
      const expanded = principals.filter((v) => domains.has(v.replace(/^spiffe:\/\//, '').split('/')[0]));
      if (aliases.length === 0 || expanded.length === 0) {
        out.push(compliant(p.ref, aliases.length === 0
          ? `${where} names principals while trust domain ${trustDomain} has no aliases`
          : `${where} names only principals of foreign trust domains, which aliases do not expand`));
        continue;
      }
      const example = expanded[0].replace(/^spiffe:\/\//, '');
      const tail = example.slice(example.indexOf('/'));
      out.push(violation(p.ref, `${where} names ${listOf(expanded.map((v) => JSON.stringify(v)))}, which Istio expands to the trust-domain aliases ${listOf(aliases)} of ${trustDomain}, so it also admits ${listOf(aliases.map((a) => `${a}${tail}`))}; expected no aliases, or aliases that share the mesh's CA`));
    }
    return out;
  },
};

/** The positive principal values of a rule: `principals` and `source.principal` conditions. */
function principalsOf(rule: Json): string[] {
  const fromSources = sourcesOf(rule).flatMap((s) => strings(s.principals));
  const fromWhen = arrayOf(rule.when).map(objectOf).filter((c) => c.key === 'source.principal').flatMap((c) => strings(c.values));
  return [...fromSources, ...fromWhen];
}
