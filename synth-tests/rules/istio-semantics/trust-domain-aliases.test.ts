// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, meshConfig } from './fixtures';
import { TRUST_DOMAIN_ALIASES } from '../../../lib/validate/rules/istio-semantics/trust-domain-aliases';
import { check, verdicts, violations } from '../harness';

const ALLOW = authz('pay', 'api-allow', 'selector: { matchLabels: { app: api } }\nrules: [{ from: [{ source: { principals: [corp.example/ns/shop/sa/web] } }] }]');

describe('MESH-SEM-19: ALLOW policies that name principals do not silently admit the same accounts of alias trust domains', () => {
  it('Compliance 1: a trust domain without aliases', () => {
    expect(verdicts(check(TRUST_DOMAIN_ALIASES, meshConfig('trustDomain: corp.example') + ALLOW))).toEqual(['compliant AuthorizationPolicy pay/api-allow']);
  });

  it('Noncompliance 1: an alias makes the same account of another trust domain the same principal (#55529)', () => {
    const [v] = violations(check(TRUST_DOMAIN_ALIASES, meshConfig('trustDomain: corp.example\ntrustDomainAliases: [legacy.example]') + ALLOW));
    expect(v.message).toBe('ALLOW AuthorizationPolicy pay/api-allow names "corp.example/ns/shop/sa/web", which Istio expands to the trust-domain aliases '
      + 'legacy.example of corp.example, so it also admits legacy.example/ns/shop/sa/web; expected no aliases, or aliases that share the mesh\'s CA');
  });

  it('Noncompliance 2: a cluster.local principal in a source.principal condition is expanded too', () => {
    const yaml = meshConfig('trustDomain: corp.example\ntrustDomainAliases: [old.example]')
      + authz('pay', 'api-allow', 'rules: [{ when: [{ key: source.principal, values: [cluster.local/ns/shop/sa/web] }] }]');
    expect(violations(check(TRUST_DOMAIN_ALIASES, yaml))[0].message).toMatch(/so it also admits old\.example\/ns\/shop\/sa\/web/);
  });

  it('NotApplicable: no mesh config in the manifests, or a DENY policy', () => {
    expect(check(TRUST_DOMAIN_ALIASES, ALLOW)).toEqual([]);
    const deny = authz('pay', 'api-deny', 'action: DENY\nrules: [{ from: [{ source: { principals: [corp.example/ns/shop/sa/web] } }] }]');
    expect(check(TRUST_DOMAIN_ALIASES, meshConfig('trustDomainAliases: [old.example]') + deny)).toEqual([]);
  });
});
