// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, meshConfig } from './fixtures';
import { PATH_NORMALIZATION } from '../../../lib/validate/rules/istio-semantics/path-normalization';
import { check, verdicts, violations } from '../harness';

const DENY_ADMIN = authz('shop', 'no-admin', 'action: DENY\nrules: [{ to: [{ operation: { paths: [/admin, /admin/*] } }] }]');

describe('MESH-SEM-14: path rules are written as normalized paths, and deny-style path rules run under DECODE_AND_MERGE_SLASHES', () => {
  it('Compliance 1: a DENY on paths under DECODE_AND_MERGE_SLASHES; an ALLOW on paths under any normalization', () => {
    const yaml = meshConfig('pathNormalization:\n  normalization: DECODE_AND_MERGE_SLASHES') + DENY_ADMIN;
    expect(verdicts(check(PATH_NORMALIZATION, yaml))).toEqual(['compliant AuthorizationPolicy shop/no-admin']);
    expect(verdicts(check(PATH_NORMALIZATION, authz('shop', 'cart', 'rules: [{ to: [{ operation: { paths: [/cart/*] } }] }]')))).toEqual(['compliant AuthorizationPolicy shop/cart']);
  });

  it('Noncompliance 1: a DENY on paths under Istio\'s default BASE normalization', () => {
    const [v] = violations(check(PATH_NORMALIZATION, DENY_ADMIN));
    expect(v.severity).toBeUndefined();
    expect(v.message).toBe('DENY AuthorizationPolicy shop/no-admin excludes paths by rule 0 paths ["/admin","/admin/*"], but Istio\'s default BASE applies '
      + '(no pathNormalization in the mesh config), so spellings like //x or /%2Fx of the same path escape it; expected DECODE_AND_MERGE_SLASHES');
  });

  it('Noncompliance 2: a query string or a relative path never matches (error)', () => {
    const [v] = violations(check(PATH_NORMALIZATION, authz('shop', 'cart', 'rules: [{ to: [{ operation: { paths: ["/cart?id=1", api/v1] } }] }]')));
    expect(v.severity).toBe('error');
    expect(v.message).toMatch(/rule 0 paths "\/cart\?id=1", rule 0 paths "api\/v1", which never match a normalized path/);
  });

  it('NotApplicable: policies without paths', () => {
    expect(check(PATH_NORMALIZATION, authz('shop', 'cart', 'rules: [{ to: [{ operation: { methods: [GET] } }] }]'))).toEqual([]);
  });
});
