// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace } from '../mtls/fixtures';
import { DEDICATED_SERVICE_ACCOUNT } from '../../../lib/validate/rules/workload/dedicated-service-account';
import { check, verdicts, violations } from '../harness';

describe('MESH-WL-05: every application workload runs as its own ServiceAccount', () => {
  it('Compliance: one account per workload; the same name in two namespaces is two accounts', () => {
    const yaml = namespace('shop') + namespace('web') + deployment({ name: 'cart' }) + deployment({ name: 'orders' })
      + deployment({ name: 'cart', namespace: 'web' });
    expect(verdicts(check(DEDICATED_SERVICE_ACCOUNT, yaml))).toEqual(['compliant Deployment shop/cart', 'compliant Deployment shop/orders', 'compliant Deployment web/cart']);
  });

  it('Noncompliance 1: no serviceAccountName runs as default', () => {
    const [v] = violations(check(DEDICATED_SERVICE_ACCOUNT, namespace('shop') + deployment({ name: 'cart', serviceAccount: null })));
    expect(v.message).toMatch(/^Deployment shop\/cart runs as ServiceAccount "default" \(serviceAccountName unset or "default"\); expected a ServiceAccount of its own$/);
  });

  it('Noncompliance 2: two workloads share an account', () => {
    const out = check(DEDICATED_SERVICE_ACCOUNT, namespace('shop') + deployment({ name: 'cart', serviceAccount: 'backend' }) + deployment({ name: 'orders', serviceAccount: 'backend' }));
    expect(verdicts(out)).toEqual(['non-compliant Deployment shop/cart', 'non-compliant Deployment shop/orders']);
    expect(out[0].message).toMatch(/^Deployment shop\/cart shares ServiceAccount "backend" with Deployment shop\/orders; expected/);
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(DEDICATED_SERVICE_ACCOUNT, deployment({ name: 'istiod', namespace: 'istio-system', serviceAccount: null }))).toEqual([]);
  });
});
