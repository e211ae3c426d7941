// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { rulesOf, sourcesOf, strings } from '../authz/authz-helpers';
import { authorizationPolicies } from './semantics-helpers';

const MAX_SERVICE_ACCOUNTS = 16;

/**
 * istio-authz-semantics §b8 trap 13 (§b3): `serviceAccounts` cannot be combined with `principals`
 * or `namespaces` (CEL rule of the CRD, and admission), takes no wildcards and at most 16 items.
 */
export const SERVICE_ACCOUNTS_VALID: MeshRule = {
  id: 'MESH-SEM-09',
  title: 'serviceAccounts sources stand alone, name exact `namespace/name` accounts and list at most 16',
  rationale: '`serviceAccounts` (and `notServiceAccounts`) is matched as an exact SPIFFE identity, `ns/sa` or `sa` in the policy\'s namespace, '
    + 'with no wildcard. The CRD rejects a source that also sets principals or namespaces ("Cannot set serviceAccounts with namespaces or '
    + 'principals") and more than 16 items, and admission rejects wildcards (istio-authz-semantics §b3): the whole policy is refused, so none of '
    + 'its rules apply.',
  fix: 'put serviceAccounts in a `from` entry of its own (entries are alternatives) and list `namespace/name` values without `*`; use '
    + '`namespaces` or `principals` with a prefix or suffix wildcard when a pattern is meant; the SDK renders callers as principals',
  severity: 'error',
  recommendations: ['APE-SR-1', '204B §5.2.1'],
  controls: ['AC-3', 'IA-9'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const problems: string[] = [];
      let uses = 0;
      rulesOf(p).forEach((rule, i) => sourcesOf(rule).forEach((src, j) => {
        const at = `rule ${i} from[${j}]`;
        for (const field of ['serviceAccounts', 'notServiceAccounts']) {
          const values = strings(src[field]);
          if (values.length === 0) continue;
          uses++;
          const mixed = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].filter((f) => arrayOf(src[f]).length > 0);
          if (mixed.length > 0) problems.push(`${at} combines ${field} with ${mixed.join(', ')}, which admission rejects`);
          const wild = values.filter((v) => v.includes('*'));
          if (wild.length > 0) problems.push(`${at} ${field} has wildcards ${JSON.stringify(wild)}, which admission rejects (exact accounts only)`);
          const malformed = values.filter((v) => !v.includes('*') && !/^[^/]+(\/[^/]+)?$/.test(v));
          if (malformed.length > 0) problems.push(`${at} ${field} has values ${JSON.stringify(malformed)} that are neither "namespace/name" nor "name"`);
          if (values.length > MAX_SERVICE_ACCOUNTS) problems.push(`${at} ${field} lists ${values.length} accounts, more than the ${MAX_SERVICE_ACCOUNTS} admission accepts`);
        }
      }));
      if (uses === 0) continue;
      const where = describeRef(p.ref);
      out.push(problems.length > 0
        ? violation(p.ref, `${where}: ${problems.join('; ')}; expected serviceAccounts alone in its source, exact and at most ${MAX_SERVICE_ACCOUNTS}`)
        : compliant(p.ref, `${where} uses serviceAccounts as Istio accepts them (alone in their source, exact, at most ${MAX_SERVICE_ACCOUNTS})`));
    }
    return out;
  },
};
