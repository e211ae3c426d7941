// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { policyScope, riskOption, specOf, strings } from '../authz/authz-helpers';
import { requestAuthentications } from './end-user-helpers';

/** SP 800-204B EAUN-SR-1, SP 800-204 MS-SS-1: every token rule says who issues the token, how to verify it and for whom it is. */
export const JWT_RULES_COMPLETE: MeshRule = {
  id: 'MESH-EU-01',
  title: 'Every JWT rule names its issuer, its signing keys and its audiences',
  rationale: 'Without an issuer and key material a token cannot be verified; without audiences, a token minted for any other service of '
    + 'the same issuer is accepted here, so a token leaked from one service can be replayed against another.',
  fix: 'create the issuer with `new JwtIssuer(this, id, { issuer, jwksUri, audiences })` and use it through `MeshService.acceptTokensFrom(issuer)` '
    + 'or `EndUser.issuer(issuer)`; in hand-written YAML, give every `RequestAuthentication.spec.jwtRules[]` an `issuer`, a `jwksUri` (or inline `jwks`) '
    + 'and a non-empty `audiences` list',
  severity: 'warning',
  recommendations: ['EAUN-SR-1', 'MS-SS-1'],
  controls: ['IA-2', 'IA-5'],
  target: 'manifest',
  check({ inventory }) {
    return requestAuthentications(inventory).map((ra) => {
      const where = describeRef(ra.ref);
      const rules = arrayOf(specOf(ra).jwtRules).map(objectOf);
      const risk = riskOption(inventory, policyScope(inventory, ra).app);
      if (rules.length === 0) return violation(ra.ref, `${where} has no jwtRules; expected at least one rule with issuer, jwksUri or jwks, and audiences`, risk);
      const problems: string[] = [];
      rules.forEach((r, i) => {
        const label = `jwtRules[${i}]${typeof r.issuer === 'string' && r.issuer !== '' ? ` (${r.issuer})` : ''}`;
        const missing: string[] = [];
        if (typeof r.issuer !== 'string' || r.issuer.trim() === '') missing.push('issuer');
        if (!nonEmpty(r.jwksUri) && !nonEmpty(r.jwks)) missing.push('jwksUri or jwks');
        if (strings(r.audiences).filter((a) => a.trim() !== '').length === 0) missing.push('audiences');
        if (missing.length) problems.push(`${label} has no ${missing.join(', no ')}`);
      });
      if (problems.length) return violation(ra.ref, `${where}: ${problems.join('; ')}; expected issuer, key material and non-empty audiences`, risk);
      return compliant(ra.ref, `${where}: ${rules.length} jwtRule(s) with issuer, key material and audiences`, risk);
    });
  },
};

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}
