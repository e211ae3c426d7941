// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { JWT_RULES_COMPLETE } from '../../../lib/validate/rules/end-user/jwt-rules-complete';
import { check, checkCorpus, verdicts } from '../harness';
import { SIDECAR, expectCorpusErrors, requestAuthn, workload, yaml } from '../authz/fixtures';

describe('MESH-EU-01: every JWT rule names its issuer, its signing keys and its audiences', () => {
  it('Compliance: jwksUri or inline jwks, with audiences', () => {
    const out = checkCorpus(JWT_RULES_COMPLETE, 'MESH-EU-01-valid.yaml');
    expect(verdicts(out)).toEqual(['compliant RequestAuthentication bank-core/accounts-jwt', 'compliant RequestAuthentication bank-edge/edge-jwt']);
    expect(out[0].message).toBe('RequestAuthentication bank-core/accounts-jwt: 1 jwtRule(s) with issuer, key material and audiences');
  });

  it('Noncompliance 1-4: no audiences, empty key material, nothing at all, no jwtRules', () => {
    expectCorpusErrors(checkCorpus(JWT_RULES_COMPLETE, 'MESH-EU-01-invalid.yaml'), 'MESH-EU-01-invalid.yaml');
  });

  it('carries the risk of the selected workloads', () => {
    const out = check(JWT_RULES_COMPLETE, yaml(workload('shop', 'cart', { ...SIDECAR, risk: 'medium' }), requestAuthn('shop', 'cart-jwt', { selector: { matchLabels: { app: 'cart' } }, jwtRules: [{ issuer: 'i' }] })));
    expect(out[0]).toMatchObject({ compliant: false, risk: 'medium' });
  });

  it('NotApplicable: no RequestAuthentication', () => {
    expect(check(JWT_RULES_COMPLETE, workload('shop', 'cart', SIDECAR))).toEqual([]);
  });
});
