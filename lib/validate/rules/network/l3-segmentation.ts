// SPDX-License-Identifier: Apache-2.0
import type { Inventory, Workload } from '../../../analyze/inventory';
import { readCiliumSelector, selects } from '../../../analyze/label-selector';
import { type InventoryEntry, arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { NETWORK_EXCEPTION_ANNOTATION } from '../../../compile/network-policy/network-policy';
import { type MeshRule, compliant, violation } from '../../rule';

/**
 * SP 800-204 MS-SS-13 and SP 800-207A multi-tier policies: high-risk workloads are segmented at
 * L3 beneath the mesh, so a bypassed or misconfigured proxy is not fatal.
 */
export const L3_SEGMENTATION: MeshRule = {
  id: 'MESH-NET-01',
  title: 'Every high-risk application workload is selected by a NetworkPolicy that restricts its ingress (L3 segmentation under the mesh)',
  rationale: 'The mesh authorizes by identity inside the proxy; if the proxy is bypassed (a pod with NET_ADMIN, a workload outside injection, a '
    + 'misconfigured policy), nothing else stands between any pod of the cluster and the workload. SP 800-204 asks highly sensitive applications '
    + 'for L3 segmentation under the mesh, and SP 800-207A for network-tier policies combined with identity-tier ones: neither is enough alone.',
  fix: 'keep the default `networkSegmentation` of `mesh.addService(...)` for `RiskProfile.HIGH` (or opt a service in with '
    + '`networkSegmentation: NetworkSegmentation.enabled()`), which emits a NetworkPolicy admitting only the callers its ALLOW rules admit; '
    + 'outside the SDK, add a `networking.k8s.io/v1` NetworkPolicy whose `podSelector` selects the workload\'s pods, with `policyTypes: [Ingress]` '
    + 'and `ingress` rules naming its callers and ports (plus port 15008 for callers on the ambient model), or a CiliumNetworkPolicy with '
    + 'ingress rules; a justified exception is `NetworkSegmentation.disabled(justification)`',
  severity: 'error',
  recommendations: ['MS-SS-13', '207A/multi-tier'],
  controls: ['SC-7', 'AC-4'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().map((w) => {
      const risk = inventory.riskOf(w);
      const subject = w.entry.ref;
      const what = `${w.kind} ${w.namespace}/${w.name} (risk profile ${risk})`;
      const policies = segmentingPolicies(inventory, w);
      const open = policies.filter((p) => p.ref.kind === 'NetworkPolicy' && admitsEverything(p));
      const justification = exceptionOf(w);
      const extra = { risk, ...(risk === 'high' ? {} : { severity: 'info' as const }), ...(justification !== undefined ? { justification } : {}) };
      if (policies.length === 0) {
        return violation(subject, `${what}: no NetworkPolicy with Ingress in policyTypes and no CiliumNetworkPolicy with ingress rules selects its pods, `
          + 'so any pod of the cluster reaches it when its proxy is bypassed; expected a NetworkPolicy admitting only its callers', extra);
      }
      if (open.length > 0) {
        return violation(subject, `${what}: ${open.map((p) => describeRef(p.ref)).join(', ')} admits every source on every port (an ingress rule without from and ports); `
          + 'expected ingress rules naming the callers and ports', extra);
      }
      return compliant(subject, `${what} is selected by ${policies.map((p) => describeRef(p.ref)).sort().join(', ')}`, { risk });
    });
  },
};

/**
 * The policies that restrict ingress to the workload's pods: NetworkPolicies of its namespace
 * whose `podSelector` selects them with `Ingress` in `policyTypes` (implied when unset), and
 * Cilium policies whose `endpointSelector` selects them with ingress rules (Cilium is itself a
 * network-tier enforcement point), unless they turn ingress default deny off.
 */
function segmentingPolicies(inventory: Inventory, w: Workload): InventoryEntry[] {
  const networkPolicies = inventory.networkPoliciesSelecting(w).filter((p) => {
    const spec = objectOf(p.object.spec);
    const types = spec.policyTypes === undefined ? ['Ingress'] : arrayOf(spec.policyTypes);
    return types.includes('Ingress');
  });
  const cilium = inventory.ciliumPoliciesSelecting(w).filter((p) => {
    const specs = [p.object.spec, ...arrayOf(p.object.specs)].filter((s) => s !== undefined).map(objectOf);
    return specs.some((spec) => {
      const selector = readCiliumSelector(spec.endpointSelector);
      const defaultDeny = objectOf(spec.enableDefaultDeny).ingress;
      return selector !== undefined && selects(selector, inventory.ciliumLabels(w)) && defaultDeny !== false && (spec.ingress !== undefined || spec.ingressDeny !== undefined);
    });
  });
  return [...networkPolicies, ...cilium];
}

/** Whether a NetworkPolicy has an ingress rule with neither peers nor ports: it then admits everything. */
function admitsEverything(policy: InventoryEntry): boolean {
  return arrayOf(objectOf(policy.object.spec).ingress).some((r) => {
    const rule = objectOf(r);
    return arrayOf(rule.from).length === 0 && arrayOf(rule.ports).length === 0;
  });
}

/** The written justification the SDK recorded for a workload without a NetworkPolicy. */
function exceptionOf(w: Workload): string | undefined {
  const reason = stringMap(w.entry.object.metadata?.annotations)[NETWORK_EXCEPTION_ANNOTATION];
  return reason !== undefined && reason.trim() !== '' ? reason.trim() : undefined;
}
