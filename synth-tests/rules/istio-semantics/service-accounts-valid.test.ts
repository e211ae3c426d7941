// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz } from './fixtures';
import { SERVICE_ACCOUNTS_VALID } from '../../../lib/validate/rules/istio-semantics/service-accounts-valid';
import { check, verdicts, violations } from '../harness';

const POLICY = (from: string) => authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }\nrules: [{ from: [${from}] }]`);

describe('MESH-SEM-09: serviceAccounts sources stand alone, name exact `namespace/name` accounts and list at most 16', () => {
  it('Compliance 1: serviceAccounts in its own source, next to a namespaces source', () => {
    const yaml = POLICY('{ source: { serviceAccounts: [shop/web, api] } }, { source: { namespaces: [batch] } }');
    expect(verdicts(check(SERVICE_ACCOUNTS_VALID, yaml))).toEqual(['compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('Noncompliance 1: serviceAccounts combined with namespaces in one source (CEL rule)', () => {
    const [v] = violations(check(SERVICE_ACCOUNTS_VALID, POLICY('{ source: { serviceAccounts: [shop/web], namespaces: [batch] } }')));
    expect(v.message).toBe('AuthorizationPolicy shop/cart-allow: rule 0 from[0] combines serviceAccounts with namespaces, which admission rejects; '
      + 'expected serviceAccounts alone in its source, exact and at most 16');
  });

  it('Noncompliance 2: wildcards, a malformed value and 17 accounts', () => {
    const many = Array.from({ length: 17 }, (_, i) => `sa${i}`).join(', ');
    const out = check(SERVICE_ACCOUNTS_VALID, POLICY(`{ source: { notServiceAccounts: ["shop/*", a/b/c, ${many}] } }`));
    expect(violations(out)[0].message).toMatch(/notServiceAccounts has wildcards \["shop\/\*"\].*values \["a\/b\/c"\] that are neither.*lists 19 accounts, more than the 16/);
  });

  it('NotApplicable: policies without serviceAccounts', () => {
    expect(check(SERVICE_ACCOUNTS_VALID, POLICY('{ source: { principals: [cluster.local/ns/shop/sa/web] } }'))).toEqual([]);
  });
});
