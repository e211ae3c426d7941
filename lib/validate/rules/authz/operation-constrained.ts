// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { actionOf, authorizationPolicies, operationsOf, policyScope, riskOption, rulesOf, sourcesOf, strings, waypointOnlySource } from './authz-helpers';

/** Operation fields that narrow what a caller may do. */
const CONSTRAINTS = ['ports', 'methods', 'paths', 'hosts'];

/** SP 800-204B SAUZ-SR-1, SP 800-204 MS-SS-2: ALLOW rules say which operations they admit. */
export const OPERATION_CONSTRAINED: MeshRule = {
  id: 'MESH-AUTHZ-04',
  title: 'ALLOW rules of application workloads constrain the operation (ports, methods, paths or hosts)',
  rationale: 'A rule that names a caller but no operation grants it every port and every API of the workload. Constraining the operation '
    + 'keeps each caller to what it needs, so a compromised caller cannot reach administrative or unrelated endpoints.',
  fix: 'pass `methods`, `paths` (e.g. `Match.prefix(\'/cart/\')`) or `ports` to `MeshService.allowFrom(peer, { ... })`; in hand-written YAML, '
    + 'add `to: [{ operation: { ports, methods, paths } }]` to every ALLOW rule',
  severity: 'warning',
  recommendations: ['SAUZ-SR-1', 'MS-SS-2'],
  controls: ['AC-6'],
  target: 'manifest',
  check({ inventory }) {
    return authorizationPolicies(inventory).flatMap((p) => {
      const rules = rulesOf(p);
      if (actionOf(p) !== 'ALLOW' || rules.length === 0) return [];
      const scope = policyScope(inventory, p);
      if (scope.gatewayOnly) return [];
      const ns = p.ref.namespace ?? 'default';
      const where = describeRef(p.ref);
      const problems: string[] = [];
      const waypoints = new Set<string>();
      let viaWaypointOnly = 0;
      rules.forEach((rule, i) => {
        // A rule admitting only waypoints (ztunnel's anti-bypass rule) leaves the operation to the waypoint's own policy.
        const sources = sourcesOf(rule);
        const viaWaypoint = sources.length > 0 ? sources.map((s) => waypointOnlySource(inventory, s, ns)) : [undefined];
        if (viaWaypoint.every((w) => w !== undefined)) {
          viaWaypoint.forEach((w) => w!.forEach((x) => waypoints.add(x)));
          viaWaypointOnly++;
          return;
        }
        const ops = operationsOf(rule);
        if (ops.length === 0) problems.push(`rule ${i} has no to, so it admits every operation`);
        ops.forEach((op, j) => {
          if (!CONSTRAINTS.some((k) => strings(op[k]).length > 0)) problems.push(`rule ${i} operation ${j} ${JSON.stringify(op)} sets none of ports, methods, paths, hosts`);
        });
      });
      const risk = riskOption(inventory, scope.app);
      if (problems.length) return [violation(p.ref, `${where}: ${problems.join('; ')}; expected to[].operation with ports, methods, paths or hosts`, risk)];
      const note = waypoints.size ? `rules admitting only the waypoint ${[...waypoints].sort().join(', ')} leave the operation to the waypoint's policies` : '';
      const evidence = viaWaypointOnly === rules.length ? note : `every rule constrains the operation${note ? `; ${note}` : ''}`;
      return [compliant(p.ref, `${where}: ${evidence}`, risk)];
    });
  },
};
