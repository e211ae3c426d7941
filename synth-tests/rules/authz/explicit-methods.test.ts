// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { EXPLICIT_METHODS } from '../../../lib/validate/rules/authz/explicit-methods';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, authz, from, selectApp, workload, yaml } from './fixtures';

const CART = workload('shop', 'cart', SIDECAR);

function allow(...rules: Record<string, unknown>[]): string {
  return authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules });
}

describe('MESH-AUTHZ-05: ALLOW rules that match paths or hosts list the HTTP methods they admit', () => {
  it('Compliance: paths with methods, and a gateway policy with methods on every operation', () => {
    const out = check(EXPLICIT_METHODS, yaml(
      CART,
      allow(from('shop', 'web', { methods: ['GET'], paths: ['/cart/*'] }), from('shop', 'db', { ports: ['5432'] })),
      authz('edge', 'edge-allow', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'], hosts: ['shop.example.com'] } }] }] }),
    ));
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy edge/edge-allow', 'compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('Noncompliance 1: paths without methods admit every verb', () => {
    const [v] = violations(check(EXPLICIT_METHODS, yaml(CART, allow(from('shop', 'web', { paths: ['/cart/*'] })))));
    expect(v.message).toMatch(/^AuthorizationPolicy shop\/cart-allow: rule 0 operation 0 matches paths \["\/cart\/\*"\] for any method; expected methods$/);
  });

  it('Noncompliance 2: hosts and notPaths without methods (notMethods is no list of methods)', () => {
    const [v] = violations(check(EXPLICIT_METHODS, yaml(CART, allow(from('shop', 'web', { hosts: ['cart.shop'], notPaths: ['/admin'], notMethods: ['DELETE'] })))));
    expect(v.message).toMatch(/rule 0 operation 0 matches notPaths, hosts \["\/admin","cart\.shop"\] for any method/);
  });

  it('NotApplicable: port-only rules, DENY rules and egress gateway hosts', () => {
    expect(check(EXPLICIT_METHODS, yaml(
      CART,
      allow(from('shop', 'web', { ports: ['8080'] })),
      authz('shop', 'deny', { ...selectApp('cart'), action: 'DENY', rules: [from('shop', 'bad', { paths: ['/admin'] })] }),
      authz('istio-system', 'egress', { selector: { matchLabels: { istio: 'egressgateway' } }, action: 'ALLOW', rules: [from('shop', 'cart', { hosts: ['api.example'] })] }),
    ))).toEqual([]);
  });
});
