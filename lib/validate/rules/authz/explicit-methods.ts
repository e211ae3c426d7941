// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { actionOf, authorizationPolicies, isEgressGatewayPolicy, operationsOf, policyScope, riskOption, rulesOf, strings } from './authz-helpers';

/** Operation fields that only exist in HTTP requests (besides methods). */
const HTTP_FIELDS = ['paths', 'notPaths', 'hosts'];

/** SP 800-204B APE-SR-2: ALLOW rules on HTTP attributes list the methods they admit. */
export const EXPLICIT_METHODS: MeshRule = {
  id: 'MESH-AUTHZ-05',
  title: 'ALLOW rules that match paths or hosts list the HTTP methods they admit',
  rationale: 'A rule on a path without `methods` admits every verb on it, so a caller meant to read can also write or delete. Listing the '
    + 'methods makes the policy cover exactly the operations of the API.',
  fix: 'pass `methods` (e.g. `[HttpMethod.GET]`) with `paths` or `hosts` to `MeshService.allowFrom(...)`, and to `IngressGateway.route(...)`; '
    + 'in hand-written YAML, add `methods` to every `to[].operation` that sets `paths`, `notPaths` or `hosts`',
  severity: 'info',
  recommendations: ['APE-SR-2'],
  controls: ['AC-6'],
  target: 'manifest',
  check({ inventory }) {
    return authorizationPolicies(inventory).flatMap((p) => {
      const rules = rulesOf(p);
      if (actionOf(p) !== 'ALLOW' || isEgressGatewayPolicy(inventory, p)) return [];
      const where = describeRef(p.ref);
      let http = 0;
      const problems: string[] = [];
      rules.forEach((rule, i) => operationsOf(rule).forEach((op, j) => {
        const fields = HTTP_FIELDS.filter((k) => strings(op[k]).length > 0);
        if (fields.length === 0) return;
        http++;
        if (strings(op.methods).length === 0) problems.push(`rule ${i} operation ${j} matches ${fields.join(', ')} ${JSON.stringify(fields.map((k) => op[k]).flat())} for any method`);
      }));
      if (http === 0) return [];
      const risk = riskOption(inventory, policyScope(inventory, p).app);
      if (problems.length) return [violation(p.ref, `${where}: ${problems.join('; ')}; expected methods`, risk)];
      return [compliant(p.ref, `${where}: every operation on paths or hosts lists its methods`, risk)];
    });
  },
};
