// SPDX-License-Identifier: Apache-2.0
import type { Inventory, Workload } from '../../../analyze/inventory';
import { matchesLabels } from '../../../analyze/label-selector';
import { type InventoryEntry, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, type Severity, compliant, violation } from '../../rule';
import { levelOf, modeOfPolicy, oldestFirst, workloadSelector, writtenMode } from './peer-authentication';
import { listOf, nameOf, peerAuthentications } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 20 (§b5, `ComposePeerAuthentication`,
 * `convertedSelectorPeerAuthentications`): PeerAuthentications Istio ignores or silently overrides.
 */
export const PEER_AUTHENTICATION_CONFLICTS: MeshRule = {
  id: 'MESH-SEM-16',
  title: 'Each workload\'s mTLS is decided by one PeerAuthentication per level, each of which Istio applies',
  rationale: 'Istio keeps one PeerAuthentication per level (mesh, namespace, workload) and silently drops the younger ones, so two namespace-wide '
    + 'policies, or two selectors matching the same pods, leave the mode to creation order. A selector policy in the root namespace is ignored, '
    + '`portLevelMtls` without a selector is rejected (and never applied), and DISABLE is unsupported in ambient, where HBONE is always mTLS '
    + '(istio-authz-semantics §b5).',
  fix: 'keep one mesh-wide PeerAuthentication in the root namespace (the SDK emits it), at most one per namespace without selector, and '
    + 'non-overlapping workload selectors; move selector policies out of the root namespace; put `portLevelMtls` on a selector policy; drop '
    + 'DISABLE for ambient workloads',
  severity: 'error',
  recommendations: ['SAUN-SR-1', 'SM-DR19'],
  controls: ['SC-8', 'IA-3'],
  target: 'manifest',
  check({ inventory }) {
    const all = peerAuthentications(inventory);
    const problems = new Map<InventoryEntry, { text: string; severity: Severity }[]>(all.map((pa) => [pa, []]));
    const add = (pa: InventoryEntry, text: string, severity: Severity) => problems.get(pa)!.push({ text, severity });
    for (const pa of all) {
      const level = levelOf(inventory, pa);
      if (level === 'ignored') add(pa, `has a selector in the root namespace ${inventory.rootNamespace}, where Istio ignores selector policies`, 'error');
      if (Object.keys(objectOf(objectOf(pa.object.spec).portLevelMtls)).length > 0 && workloadSelector(pa) === undefined) {
        add(pa, 'sets portLevelMtls without a selector, which admission rejects (portLevelMtls requires selector) and Istio never applies', 'error');
      }
      const ambient = appliesTo(inventory, pa).filter((w) => inventory.dataPlaneOf(w).kind === 'ambient');
      if (ambient.length > 0 && usesDisable(pa)) {
        add(pa, `sets DISABLE for ambient workloads ${listOf(ambient.map(nameOf).sort())}, which ambient does not support (HBONE is always mTLS)`, 'warning');
      }
    }
    for (const group of conflictGroups(inventory, all)) {
      const ordered = oldestFirst(group.members);
      const modes = new Set(ordered.map(modeOfPolicy));
      for (const pa of ordered) {
        const others = ordered.filter((o) => o !== pa).map((o) => describeRef(o.ref));
        add(pa, `competes with ${listOf(others)} as the ${group.label}; Istio applies only the oldest and drops the others silently${modes.size > 1 ? `, and their modes differ (${[...modes].sort().join(', ')})` : ''}`, modes.size > 1 ? 'error' : 'warning');
      }
    }
    return all.map((pa): Outcome => {
      const found = problems.get(pa)!;
      const where = describeRef(pa.ref);
      if (found.length === 0) return compliant(pa.ref, `${where} is the only ${levelOf(inventory, pa)}-level PeerAuthentication for what it selects, and Istio applies it`);
      const severity: Severity = found.some((f) => f.severity === 'error') ? 'error' : 'warning';
      const unique = [...new Set(found.map((f) => f.text))];
      return violation(pa.ref, `${where} ${unique.join('; ')}; expected one PeerAuthentication per level that Istio applies`, { severity });
    });
  },
};

/** The workloads a PeerAuthentication applies to, at its level. */
function appliesTo(inventory: Inventory, pa: InventoryEntry): Workload[] {
  const level = levelOf(inventory, pa);
  if (level === 'mesh') return [...inventory.workloads];
  if (level === 'namespace') return inventory.workloads.filter((w) => w.namespace === pa.ref.namespace);
  if (level === 'workload') return inventory.workloads.filter((w) => w.namespace === pa.ref.namespace && matchesLabels(workloadSelector(pa)!, w.podLabels));
  return [];
}

function usesDisable(pa: InventoryEntry): boolean {
  if (modeOfPolicy(pa) === 'DISABLE') return true;
  return Object.values(objectOf(objectOf(pa.object.spec).portLevelMtls)).some((v) => writtenMode(objectOf(v).mode) === 'DISABLE');
}

/** Sets of PeerAuthentications of which Istio keeps one: mesh-level ones, namespace-level ones per namespace, workload-level ones sharing a workload. */
function conflictGroups(inventory: Inventory, all: readonly InventoryEntry[]): { label: string; members: InventoryEntry[] }[] {
  const out: { label: string; members: InventoryEntry[] }[] = [];
  const mesh = all.filter((pa) => levelOf(inventory, pa) === 'mesh');
  if (mesh.length > 1) out.push({ label: 'mesh-wide policy', members: mesh });
  const byNamespace = new Map<string, InventoryEntry[]>();
  for (const pa of all.filter((x) => levelOf(inventory, x) === 'namespace')) {
    const ns = pa.ref.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), pa]);
  }
  for (const [ns, list] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : 1))) if (list.length > 1) out.push({ label: `namespace-wide policy of ${ns}`, members: list });
  const seen = new Set<string>();
  const workloadLevel = all.filter((pa) => levelOf(inventory, pa) === 'workload');
  for (const w of inventory.workloads) {
    const members = workloadLevel.filter((pa) => pa.ref.namespace === w.namespace && matchesLabels(workloadSelector(pa)!, w.podLabels));
    const key = members.map((m) => describeRef(m.ref)).sort().join('|');
    if (members.length > 1 && !seen.has(key)) {
      seen.add(key);
      out.push({ label: `workload policy of ${nameOf(w)}`, members });
    }
  }
  return out;
}
