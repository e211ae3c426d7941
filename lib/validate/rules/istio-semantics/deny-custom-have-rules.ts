// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { rulesOf } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 3 (§b3): a DENY or CUSTOM policy without `rules` is rejected at
 * admission (validation.go); unvalidated, Istio generates a policy that never matches
 * (builder.go `rbacPolicyMatchNever`), so it denies nothing and never calls the authorizer.
 */
export const DENY_CUSTOM_HAVE_RULES: MeshRule = {
  id: 'MESH-SEM-02',
  title: 'Every DENY and CUSTOM AuthorizationPolicy has rules',
  rationale: 'Without rules a policy never matches (istio-authz-semantics §b3). For ALLOW that is the deny-all idiom, but a DENY without rules '
    + 'denies nothing and a CUSTOM without rules never calls its external authorizer. Istio\'s admission webhook rejects both as meaningless; '
    + 'where validation is off they are silently inert.',
  fix: 'give the policy the rules it is meant to match (`rules: [{}]` matches every request, which for DENY denies everything); in the SDK, '
    + '`MeshService.denyFrom` and `authorizeWith` always render rules',
  severity: 'error',
  recommendations: ['APE-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    return authorizationPolicies(inventory).flatMap((p) => {
      const action = actionOf(p);
      if (action !== 'DENY' && action !== 'CUSTOM') return [];
      const n = rulesOf(p).length;
      const where = describeRef(p.ref);
      if (n > 0) return [compliant(p.ref, `${action} ${where} has ${n} rule${n === 1 ? '' : 's'}`)];
      const effect = action === 'DENY' ? 'it denies nothing' : 'its external authorizer is never called';
      return [violation(p.ref, `${action} ${where} has no rules: admission rejects it, and where it is applied unvalidated it never matches, so ${effect}; expected at least one rule`)];
    });
  },
};
