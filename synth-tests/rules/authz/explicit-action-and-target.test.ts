// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { EXPLICIT_ACTION_AND_TARGET } from '../../../lib/validate/rules/authz/explicit-action-and-target';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, authz, from, selectApp, workload, yaml } from './fixtures';

describe('MESH-AUTHZ-06: every AuthorizationPolicy states its action and its target', () => {
  it('Compliance: selector and targetRefs policies, an explicit allow-nothing and a namespace-wide DENY', () => {
    const out = check(EXPLICIT_ACTION_AND_TARGET, yaml(
      workload('shop', 'cart', SIDECAR),
      authz('shop', 'cart-allow', { ...selectApp('cart'), action: 'ALLOW', rules: [from('shop', 'web')] }),
      authz('shop', 'cart-waypoint', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], action: 'ALLOW', rules: [from('shop', 'web')] }),
      authz('shop', 'allow-nothing', { action: 'ALLOW' }),
      authz('istio-system', 'deny-plaintext', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] }),
    ));
    expect(violations(out)).toEqual([]);
    expect(out.find((o) => o.subject.name === 'deny-plaintext')!.message).toMatch(/states action DENY and no target: a DENY policy for the whole mesh$/);
    expect(out.find((o) => o.subject.name === 'allow-nothing')!.message).toMatch(/a default-deny policy for every workload of namespace shop$/);
  });

  it('Noncompliance 1: an implicit action, even on allow-nothing', () => {
    const [v] = violations(check(EXPLICIT_ACTION_AND_TARGET, authz('shop', 'allow-nothing', {})));
    expect(v.message).toMatch(/^AuthorizationPolicy shop\/allow-nothing sets no action \(Istio then applies ALLOW\); expected an explicit action/);
  });

  it('Noncompliance 2: an ALLOW policy with rules and no target applies to the whole namespace', () => {
    const out = check(EXPLICIT_ACTION_AND_TARGET, authz('shop', 'open', { action: 'ALLOW', rules: [from('shop', 'web')] }));
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/open']);
    expect(out[0].message).toMatch(/ALLOW policy has neither selector nor targetRefs, so it applies to every workload of namespace shop/);
  });

  it('Noncompliance 3: a mesh-wide policy naming a provider but no action (so an ALLOW) and no target reports both', () => {
    const [v] = violations(check(EXPLICIT_ACTION_AND_TARGET, authz('istio-system', 'ext', { provider: { name: 'opa' }, rules: [{}] })));
    expect(v.message).toMatch(/sets no action .*; ALLOW policy has neither selector nor targetRefs, so it applies to the whole mesh/);
  });

  it('NotApplicable: no AuthorizationPolicy', () => {
    expect(check(EXPLICIT_ACTION_AND_TARGET, workload('shop', 'cart', SIDECAR))).toEqual([]);
  });
});
