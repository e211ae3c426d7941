// SPDX-License-Identifier: Apache-2.0
import type { Inventory, Workload } from '../../../analyze/inventory';
import { readCiliumSelector, selects } from '../../../analyze/label-selector';
import { type InventoryEntry, arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, expectedObject, violation } from '../../rule';
import { type Json, actionOf, authorizationPolicies, highestRisk, isAllowNothing, isDryRun, rulesOf, targetRefsOf } from './authz-helpers';

/** SP 800-204 MS-SS-13, SP 800-204B APE-SR-3: every application namespace denies by default. */
export const DEFAULT_DENY: MeshRule = {
  id: 'MESH-AUTHZ-01',
  title: 'Every application namespace denies by default what no policy allows',
  rationale: 'Without a default deny, a workload that no ALLOW policy selects accepts every authenticated caller, so a forgotten policy '
    + 'silently opens a service. An allow-nothing policy makes access an explicit decision; proxyless gRPC and Cilium need their own equivalent, '
    + 'because gRPC ignores an ALLOW policy without rules and no Istio policy reaches a shared-node workload.',
  fix: 'create the services with `mesh.addService(...)`: the SDK emits `allow-nothing` in each namespace, `<service>-default-deny` for '
    + '`ProxyModel.proxyless()` services and a CiliumNetworkPolicy for `ProxyModel.sharedNode()` ones; in hand-written YAML, add an '
    + 'AuthorizationPolicy with `spec: {}` in the root namespace or in every application namespace, a DENY policy with `rules: [{}]` (or an ALLOW '
    + 'policy with rules) selecting each proxyless gRPC workload, and a CiliumNetworkPolicy with ingress rules selecting each Cilium-managed workload',
  severity: 'error',
  recommendations: ['MS-SS-13', 'APE-SR-3', 'SM-DR1'],
  controls: ['AC-3', 'AC-6'],
  target: 'manifest',
  unsuppressibleAt: ['high'],
  check({ inventory }) {
    const apps = inventory.applicationWorkloads();
    const policies = authorizationPolicies(inventory);
    const rootDeny = policies.find((p) => p.ref.namespace === inventory.rootNamespace && isAllowNothing(p));
    return [...new Set(apps.map((w) => w.namespace))].sort().map((ns) => {
      const workloads = apps.filter((w) => w.namespace === ns);
      const risk = highestRisk(inventory, workloads) ?? inventory.namespaceRisk(ns);
      const nsDeny = policies.find((p) => p.ref.namespace === ns && isAllowNothing(p)) ?? rootDeny;
      const evidence: string[] = [];
      const gaps: string[] = [];
      let firstGap: Workload | undefined;
      let firstCompensation: InventoryEntry | undefined;
      const istio = workloads.filter((w) => !['proxyless', 'sharedNode'].includes(inventory.dataPlaneOf(w).kind));
      if (istio.length && nsDeny) evidence.push(`${describeRef(nsDeny.ref)} denies what no ALLOW policy admits`);
      for (const w of workloads) {
        const kind = inventory.dataPlaneOf(w).kind;
        if (kind !== 'proxyless' && kind !== 'sharedNode') continue;
        const found = kind === 'proxyless' ? proxylessDeny(inventory, w) : ciliumDeny(inventory, w);
        if (found) {
          evidence.push(`${kind === 'proxyless' ? 'proxyless gRPC' : 'shared node'} ${w.namespace}/${w.name}: ${found.how}`);
          firstCompensation ??= found.entry;
        } else {
          gaps.push(kind === 'proxyless'
            ? `proxyless gRPC workload ${w.namespace}/${w.name} ignores allow-nothing and has no DENY policy with an empty rule nor an ALLOW policy with rules`
            : `shared-node workload ${w.namespace}/${w.name} is selected by no CiliumNetworkPolicy with ingress rules (Istio policies do not reach it)`);
          firstGap ??= w;
        }
      }
      const expected = expectedObject('security.istio.io/v1', 'AuthorizationPolicy', 'allow-nothing', ns);
      if (istio.length && !nsDeny) {
        const what = `namespace ${ns} has no allow-nothing AuthorizationPolicy (spec: {}) and the root namespace ${inventory.rootNamespace} has none either`;
        return violation(expected, [what, ...gaps].join('; ') + '; expected default deny for every workload', { risk });
      }
      if (gaps.length) return violation(firstGap!.entry.ref, `namespace ${ns}: ${gaps.join('; ')}`, { risk });
      return compliant((istio.length ? nsDeny?.ref : undefined) ?? firstCompensation?.ref ?? expected, `namespace ${ns}: ${evidence.join('; ')}`, { risk });
    });
  },
};

/** The SDK's compensating deny of a proxyless gRPC workload (lib/compile/proxyless). */
function proxylessDeny(inventory: Inventory, w: Workload): { entry: InventoryEntry; how: string } | undefined {
  // Policies with targetRefs never reach a gRPC server (istio-authz-semantics §b1).
  const selecting = authorizationPolicies(inventory).filter((p) => targetRefsOf(p).length === 0 && !isDryRun(p) && inventory.workloadsSelectedBy(p).includes(w));
  // gRPC builds a DENY filter; an empty rule matches every request.
  const denyAll = selecting.find((p) => actionOf(p) === 'DENY' && rulesOf(p).some((r) => Object.keys(r).length === 0));
  if (denyAll) return { entry: denyAll, how: `${describeRef(denyAll.ref)} denies every request` };
  // An ALLOW policy with rules makes gRPC deny what its rules do not match.
  const allow = selecting.find((p) => actionOf(p) === 'ALLOW' && rulesOf(p).length > 0);
  if (allow) return { entry: allow, how: `${describeRef(allow.ref)} has rules, so gRPC denies what they do not allow` };
  return undefined;
}

/** A CiliumNetworkPolicy that puts the workload's ingress in default deny. */
function ciliumDeny(inventory: Inventory, w: Workload): { entry: InventoryEntry; how: string } | undefined {
  for (const p of inventory.ciliumPoliciesSelecting(w)) {
    const specs = [p.object.spec, ...arrayOf(p.object.specs)].map(objectOf);
    if (specs.some((s) => selectsWorkload(inventory, s, w) && deniesIngressByDefault(s))) {
      return { entry: p, how: `${describeRef(p.ref)} puts its ingress in default deny` };
    }
  }
  return undefined;
}

function selectsWorkload(inventory: Inventory, spec: Json, w: Workload): boolean {
  const sel = readCiliumSelector(spec.endpointSelector);
  return sel !== undefined && selects(sel, inventory.ciliumLabels(w));
}

/** Cilium: ingress rules (allow or deny) enable default deny unless `enableDefaultDeny.ingress` is false. */
function deniesIngressByDefault(spec: Json): boolean {
  const flag = objectOf(spec.enableDefaultDeny).ingress;
  if (flag === true) return true;
  if (flag === false) return false;
  return arrayOf(spec.ingress).length > 0 || arrayOf(spec.ingressDeny).length > 0;
}
