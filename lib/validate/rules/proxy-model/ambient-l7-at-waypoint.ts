// SPDX-License-Identifier: Apache-2.0
import { actionOf, l7Attributes } from './proxy-model-helpers';
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** SP 800-233: L7 policy for ambient workloads is enforced by a waypoint, never left to ztunnel. */
export const AMBIENT_L7_AT_WAYPOINT: MeshRule = {
  id: 'MESH-MODEL-02',
  title: 'Authorization policies of ambient workloads enforce L7 conditions at a waypoint (SP 800-233)',
  rationale: 'ztunnel enforces L4 only: it drops every ALLOW rule that uses an L7 attribute (denying more than intended), strips the L7 parts of a DENY '
    + 'rule (denying less, often nothing), and ignores CUSTOM and AUDIT. L7 intent on ambient workloads must attach to a waypoint with targetRefs, '
    + 'and a policy that targets a Service no waypoint serves is enforced nowhere.',
  fix: 'give the service a waypoint (`proxyModel: ProxyModel.ambient({ waypoint: true })`) so the SDK attaches its L7 rules to it; in YAML, move the '
    + 'L7 rules to a policy with `targetRefs` naming the Service (or the waypoint Gateway), label the Service or namespace `istio.io/use-waypoint`, '
    + 'and keep only L4 fields (principals, namespaces, ipBlocks, ports) in selector policies',
  severity: 'error',
  recommendations: ['800-233/ambient-L7'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const policy of inventory.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      const spec = objectOf(policy.object.spec);
      const name = describeRef(policy.ref);
      if (arrayOf(spec.targetRefs).length > 0 || spec.targetRef !== undefined) {
        const ambient = inventory.workloadsSelectedBy(policy).filter((w) => inventory.dataPlaneOf(w).kind === 'ambient');
        if (ambient.length === 0) continue;
        const without = ambient.filter((w) => inventory.dataPlaneOf(w).waypoint === undefined && w.podLabels['gateway.networking.k8s.io/gateway-name'] === undefined);
        out.push(without.length === 0
          ? compliant(policy.ref, `${name} attaches to a waypoint (targetRefs) for ${ambient.map((w) => `${w.namespace}/${w.name}`).join(', ')}`)
          : violation(policy.ref, `${name} targets ${without.map((w) => `${w.namespace}/${w.name}`).join(', ')}, which no waypoint serves (no istio.io/use-waypoint): the policy is enforced nowhere; expected a waypoint bound to the target`));
        continue;
      }
      const ambient = inventory.workloadsSelectedBy(policy).filter((w) => inventory.dataPlaneOf(w).kind === 'ambient');
      if (ambient.length === 0) continue;
      const targets = ambient.map((w) => `${w.namespace}/${w.name}`).join(', ');
      const action = actionOf(spec);
      if (action === 'CUSTOM' || action === 'AUDIT') {
        out.push(violation(policy.ref, `${name} applies ${action} to ambient workloads ${targets} through ztunnel, which does not enforce ${action}${action === 'CUSTOM' ? ' (the external authorizer is never called: fail-open)' : ''}; expected the policy on a waypoint (targetRefs)`));
        continue;
      }
      const l7 = arrayOf(spec.rules).map((r, i) => ({ i, attrs: l7Attributes(r) })).filter((x) => x.attrs.length > 0);
      if (l7.length === 0) {
        out.push(compliant(policy.ref, `${name} uses only L4 attributes at ztunnel for ${targets}`));
        continue;
      }
      const effect = action === 'DENY' ? 'ztunnel strips these conditions and keeps only the L4 parts, so the DENY matches less than written (nothing, when only L7 fields remain)'
        : 'ztunnel drops these rules entirely, so the callers they admit are denied';
      const rules = l7.map((x) => `rule ${x.i} (${x.attrs.join(', ')})`).join('; ');
      out.push(violation(policy.ref, `${name} selects ambient workloads ${targets} and uses L7 attributes in ${rules}: ${effect}; expected the L7 rules on a waypoint policy (targetRefs)`));
    }
    return out;
  },
};
