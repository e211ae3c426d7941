// SPDX-License-Identifier: Apache-2.0
import { actionOf, isDryRun } from './proxy-model-helpers';
import type { Inventory, Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-233: ztunnel admits only the waypoint in front of an ambient workload, so its L7 policy cannot be bypassed. */
export const WAYPOINT_ANTI_BYPASS: MeshRule = {
  id: 'MESH-MODEL-03',
  title: 'Ambient workloads behind a waypoint admit only the waypoint at ztunnel',
  rationale: 'A client that dials a pod directly, or reaches it while the waypoint is missing, skips the waypoint and every L7 policy on it. '
    + 'The destination ztunnel sees the waypoint\'s identity on proxied traffic, so a ztunnel ALLOW that admits only that identity makes the waypoint '
    + 'the one way in (Istio recommends exactly this pairing).',
  fix: 'declare callers with `allowFrom` on an ambient service with a waypoint (the SDK emits the ztunnel rule admitting only the waypoint); in YAML, '
    + 'add a selector AuthorizationPolicy (ALLOW) for the workload whose only source is the waypoint principal `<trust domain>/ns/<ns>/sa/<waypoint>`, '
    + 'and keep a namespace allow-nothing so nothing else is admitted',
  severity: 'error',
  recommendations: ['800-233/ambient-L7', '204B §5.1'],
  controls: ['AC-3', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    // ztunnel's ALLOW policies (selector or namespace-wide, enforced), per workload they apply to
    const allowsOf = new Map<Workload, InventoryEntry[]>();
    for (const p of inventory.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      const spec = objectOf(p.object.spec);
      if (arrayOf(spec.targetRefs).length > 0 || spec.targetRef !== undefined || actionOf(spec) !== 'ALLOW' || isDryRun(stringMap(p.object.metadata?.annotations))) continue;
      for (const w of inventory.workloadsSelectedBy(p)) {
        const list = allowsOf.get(w);
        if (list) list.push(p);
        else allowsOf.set(w, [p]);
      }
    }
    return inventory.applicationWorkloads().flatMap((w) => {
      const dp = inventory.dataPlaneOf(w);
      if (dp.kind !== 'ambient' || dp.waypoint === undefined) return [];
      const waypointNs = waypointNamespace(inventory, w);
      const waypointSuffix = `/ns/${waypointNs}/sa/${dp.waypoint}`;
      const ztunnelAllows = allowsOf.get(w) ?? [];
      const name = `${w.namespace}/${w.name}`;
      const rules = ztunnelAllows.flatMap((p) => arrayOf(objectOf(p.object.spec).rules).map((r, i) => ({ p, i, r: objectOf(r) })));
      if (ztunnelAllows.length === 0) {
        return [violation(w.entry.ref, `${name} is served by waypoint ${waypointNs}/${dp.waypoint} but no ztunnel ALLOW policy selects it, so a client that dials the pod directly is admitted without the waypoint's L7 policy; expected an ALLOW admitting only ${waypointSuffix}`)];
      }
      const open = rules.filter(({ r }) => !admitsOnlyWaypoint(r, waypointSuffix)).map(({ p, i }) => `${p.ref.namespace}/${p.ref.name} rule ${i}`);
      if (open.length > 0) {
        return [violation(w.entry.ref, `${name} is served by waypoint ${waypointNs}/${dp.waypoint} but ztunnel also admits other sources (${open.join(', ')}), which bypass the waypoint's L7 policy; expected ztunnel rules whose only source is the waypoint principal *${waypointSuffix}`)];
      }
      return [compliant(w.entry.ref, rules.length === 0 ? `${name}: ztunnel admits nothing (default deny holds)` : `${name}: ztunnel admits only the waypoint *${waypointSuffix}`)];
    });
  },
};

/** Where the workload's waypoint runs: `istio.io/use-waypoint-namespace` on the pod, its service or namespace, else its own namespace. */
function waypointNamespace(inventory: Inventory, w: Workload): string {
  const key = 'istio.io/use-waypoint-namespace';
  return w.podLabels[key]
    ?? inventory.servicesOf(w).map((s) => stringMap(s.entry.object.metadata?.labels)[key]).find((v) => v !== undefined)
    ?? inventory.namespaceLabels(w.namespace)[key]
    ?? w.namespace;
}

/** Whether every `from` of the rule names only the waypoint's principal (and the rule has a `from`). */
function admitsOnlyWaypoint(rule: Record<string, unknown>, suffix: string): boolean {
  const from = arrayOf(rule.from);
  if (from.length === 0) return false;
  return from.every((f) => {
    const src = objectOf(objectOf(f).source);
    const principals = arrayOf(src.principals).map(String);
    const others = Object.keys(src).filter((k) => k !== 'principals' && arrayOf(src[k]).length > 0);
    return others.length === 0 && principals.length > 0 && principals.every((p) => p.endsWith(suffix) && !p.includes('*'));
  });
}
