// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { actionOf, authorizationPolicies, dryRunOf, listOf, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 21 (§b2, §b6, §b7): the dry-run annotation only works where
 * Envoy builds shadow rules for ALLOW and DENY; elsewhere the policy is enforced or dropped.
 */
export const DRY_RUN_HONOURED: MeshRule = {
  id: 'MESH-SEM-17',
  title: 'Dry-run policies are ALLOW or DENY policies that run where dry-run is supported',
  rationale: 'Istio parses `istio.io/dry-run` with Go\'s ParseBool; any other value (`yes`, `on`) leaves the policy enforced. A dry-run CUSTOM '
    + 'policy still calls the external authorizer, whose denials are enforced (builder.go). Proxyless gRPC builds its RBAC filters without '
    + 'looking at the annotation, so the policy is enforced there. ztunnel only takes dry-run policies with '
    + '`AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY` (off by default, ztunnel 1.29 or later), otherwise the policy is rejected with a status '
    + 'message and nothing is recorded (istio-authz-semantics §b2, §b6, §b7).',
  fix: 'write the annotation as `istio.io/dry-run: "true"`; use dry-run only for ALLOW and DENY policies on sidecars, gateways and waypoints '
    + '(the SDK refuses `dryRun` on CUSTOM and AUDIT rules); try an authorizer on a copy of the service, and enable '
    + '`AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY` before relying on dry-run at ztunnel',
  severity: 'error',
  recommendations: ['APE-SR-1', 'EUAZ-SR-1'],
  controls: ['AC-3', 'CM-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const dry = dryRunOf(p);
      if (dry.raw === undefined) continue;
      const action = actionOf(p);
      const where = `${action} ${describeRef(p.ref)}`;
      if (!dry.parsed) {
        out.push(violation(p.ref, `${where} has istio.io/dry-run ${JSON.stringify(dry.raw)}, which is not a boolean to Istio, so the policy is enforced; expected "true" or "false"`));
        continue;
      }
      if (!dry.dryRun) {
        out.push(compliant(p.ref, `${where} is marked enforced (istio.io/dry-run ${JSON.stringify(dry.raw)})`));
        continue;
      }
      const attached = selectorAttachments(inventory, p);
      const proxyless = attached.filter((a) => a.kind === 'proxyless').map((a) => nameOf(a.workload));
      const ztunnel = attached.filter((a) => a.kind === 'ztunnel').map((a) => nameOf(a.workload));
      if (action === 'CUSTOM') {
        out.push(violation(p.ref, `${where} is a dry run, but Istio still calls the external authorizer for dry-run CUSTOM policies and enforces its denials; expected an enforced CUSTOM policy or none`));
      } else if (proxyless.length > 0) {
        out.push(violation(p.ref, `${where} is a dry run, but proxyless gRPC workloads ${listOf(proxyless)} build their RBAC filters without shadow rules, so it is enforced there; expected no dry-run policies for proxyless workloads`));
      } else if (ztunnel.length > 0) {
        out.push(violation(p.ref, `${where} is a dry run enforced by ztunnel for ${listOf(ztunnel)}, which drops dry-run policies unless AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is set, so no dry-run result is recorded; expected the flag enabled, or the policy on a waypoint`, { severity: 'warning' }));
      } else {
        out.push(compliant(p.ref, `${where} is a dry run, recorded in shadow rules without changing decisions`));
      }
    }
    return out;
  },
};
