// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz } from './fixtures';
import { DENY_CUSTOM_HAVE_RULES } from '../../../lib/validate/rules/istio-semantics/deny-custom-have-rules';
import { check, verdicts, violations } from '../harness';

describe('MESH-SEM-02: every DENY and CUSTOM AuthorizationPolicy has rules', () => {
  it('Compliance 1: DENY and CUSTOM policies with rules', () => {
    const yaml = authz('shop', 'deny-legacy', `action: DENY
rules: [{ from: [{ source: { namespaces: [legacy] } }] }]`) + authz('shop', 'opa', `action: CUSTOM
provider: { name: opa }
rules: [{ to: [{ operation: { paths: [/admin/*] } }] }]`);
    expect(verdicts(check(DENY_CUSTOM_HAVE_RULES, yaml))).toEqual(['compliant AuthorizationPolicy shop/deny-legacy', 'compliant AuthorizationPolicy shop/opa']);
  });

  it('Noncompliance 1: a DENY without rules denies nothing', () => {
    const [v] = violations(check(DENY_CUSTOM_HAVE_RULES, authz('shop', 'deny-all', 'action: DENY')));
    expect(v.message).toBe('DENY AuthorizationPolicy shop/deny-all has no rules: admission rejects it, and where it is applied unvalidated it never matches, so it denies nothing; expected at least one rule');
  });

  it('Noncompliance 2: a CUSTOM without rules never calls its authorizer', () => {
    const [v] = violations(check(DENY_CUSTOM_HAVE_RULES, authz('shop', 'opa', `action: CUSTOM
provider: { name: opa }
rules: []`)));
    expect(v.message).toMatch(/its external authorizer is never called/);
  });

  it('NotApplicable: ALLOW without rules is the allow-nothing idiom, AUDIT is not checked', () => {
    expect(check(DENY_CUSTOM_HAVE_RULES, authz('shop', 'allow-nothing', 'action: ALLOW') + authz('shop', 'audit', 'action: AUDIT\nrules: [{}]'))).toEqual([]);
  });
});
