// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { OPERATION_CONSTRAINED } from '../../../lib/validate/rules/authz/operation-constrained';
import { check, checkCorpus, verdicts, violations } from '../harness';
import { SIDECAR, authz, from, selectApp, workload, yaml } from './fixtures';

const CART = workload('shop', 'cart', SIDECAR);

describe('MESH-AUTHZ-04: ALLOW rules of application workloads constrain the operation', () => {
  it('Compliance: ports, methods, paths or hosts in every operation; ztunnel rules admitting only the waypoint', () => {
    const out = checkCorpus(OPERATION_CONSTRAINED, 'MESH-AUTHZ-03-valid.yaml');
    expect(verdicts(out)).toEqual([
      'compliant AuthorizationPolicy shop/cart-allow',
      'compliant AuthorizationPolicy shop/cart-batch',
      'compliant AuthorizationPolicy shop/cart-ztunnel',
    ]);
    expect(out.find((o) => o.subject.name === 'cart-ztunnel')!.message)
      .toMatch(/^AuthorizationPolicy shop\/cart-ztunnel: rules admitting only the waypoint shop\/cart-waypoint leave the operation to the waypoint's policies$/);
  });

  it('Noncompliance 1: a rule without to admits every operation', () => {
    const [v] = violations(check(OPERATION_CONSTRAINED, yaml(CART, authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web')] }))));
    expect(v.message).toMatch(/^AuthorizationPolicy shop\/cart-allow: rule 0 has no to, so it admits every operation; expected to\[\]\.operation/);
  });

  it('Noncompliance 2: an operation with only exclusions constrains nothing', () => {
    const [v] = violations(check(OPERATION_CONSTRAINED, yaml(CART, authz('shop', 'cart-allow', {
      ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web', { methods: ['GET'] }), from('shop', 'web', { notPaths: ['/admin'] })],
    }))));
    expect(v.message).toMatch(/rule 1 operation 0 \{"notPaths":\["\/admin"\]\} sets none of ports, methods, paths, hosts/);
    expect(v.message).not.toMatch(/rule 0/);
  });

  it('Noncompliance 3: a principal named like a waypoint that is not one gets no exemption', () => {
    const out = check(OPERATION_CONSTRAINED, yaml(CART, authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'cart-waypoint')] })));
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('NotApplicable: DENY policies and gateway policies', () => {
    expect(check(OPERATION_CONSTRAINED, yaml(
      CART,
      authz('shop', 'deny', { ...selectApp('cart'), action: 'DENY', rules: [from('shop', 'bad')] }),
      authz('istio-system', 'gw', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{}] }),
    ))).toEqual([]);
  });
});
