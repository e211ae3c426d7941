// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { gatewayApiGateway, isWaypointGateway, selectorLabels, targetRefsOf } from '../authz/authz-helpers';
import { waypointOfService } from '../end-user/end-user-helpers';
import { GATEWAY_NAME_LABEL, authorizationPolicies, enforcementOf, isWaypointPod, listOf, nameOf } from './semantics-helpers';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * istio-authz-semantics §b8 trap 9 (§b1, istio/istio#47137): waypoints never use selectors, and
 * sidecars, proxyless gRPC and classic gateways ignore every policy with targetRefs.
 */
export const ATTACHMENT_MATCHES_PROXY: MeshRule = {
  id: 'MESH-SEM-06',
  title: 'Policies attach the way their proxy reads them: targetRefs for waypoints, selectors for sidecars',
  rationale: 'Istio picks policies per proxy (`ShouldAttachPolicy`): a waypoint ignores every selector policy, even one selecting its own pods by '
    + 'the gateway-name label, and a sidecar, a proxyless gRPC server or a classic gateway ignores every policy with targetRefs. Either mismatch '
    + 'leaves the policy enforced nowhere, with no error (istio-authz-semantics §b1; istio/istio#47137).',
  fix: 'for a waypoint, attach with `targetRefs` naming the waypoint Gateway (`group: gateway.networking.k8s.io`) or the Services it serves; for '
    + 'sidecar and proxyless workloads, use `selector.matchLabels` (the SDK picks the attachment from the proxy model of each service)',
  severity: 'error',
  recommendations: ['APE-SR-1', '800-233/ambient-L7'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const where = describeRef(p.ref);
      const found = targetRefsOf(p).length > 0 ? targetRefProblems(inventory, p) : selectorProblems(inventory, p);
      if (found === undefined) continue;
      out.push(found.problems.length > 0
        ? violation(p.ref, `${where} ${found.problems.join('; ')}, so the policy is enforced nowhere; expected ${found.expected}`)
        : compliant(p.ref, `${where} ${found.evidence}`));
    }
    return out;
  },
};

interface Found {
  readonly problems: string[];
  readonly evidence: string;
  readonly expected: string;
}

/** A selector policy that names (or selects only) waypoint pods; undefined when it does not concern a Gateway API gateway. */
function selectorProblems(inventory: Inventory, p: InventoryEntry): Found | undefined {
  const labels = selectorLabels(p) ?? {};
  const named = labels[GATEWAY_NAME_LABEL] ?? labels['istio.io/gateway-name'];
  const selected = inventory.workloadsSelectedBy(p);
  const waypointPods = selected.filter((w) => isWaypointPod(inventory, w));
  const namespaces = p.ref.namespace === inventory.rootNamespace ? inventory.namespaces() : [p.ref.namespace ?? 'default'];
  const waypoint = named === undefined ? undefined
    : namespaces.map((ns) => gatewayApiGateway(inventory, ns, named)).find((g) => g !== undefined);
  if (named === undefined && waypointPods.length === 0) return undefined;
  const expected = 'targetRefs naming the waypoint Gateway (group gateway.networking.k8s.io) or the Services it serves';
  if (waypoint !== undefined && isWaypointGateway(waypoint)) {
    return { problems: [`selects waypoint ${describeRef(waypoint.ref)} with a selector (${JSON.stringify(labels)}), but waypoints never use selectors`], evidence: '', expected };
  }
  if (waypointPods.length > 0 && waypointPods.length === selected.length) {
    return { problems: [`selects only waypoint pods (${listOf(waypointPods.map(nameOf).sort())}), but waypoints never use selectors`], evidence: '', expected };
  }
  const evidence = named !== undefined
    ? `selects the pods of gateway ${named} by selector, which Gateway API gateways (unlike waypoints) honour`
    : `selects workloads besides waypoint pods (${listOf(selected.filter((w) => !waypointPods.includes(w)).map(nameOf).sort())}), which honour selectors`;
  return { problems: [], evidence, expected };
}

/** A targetRefs policy whose Service targets no waypoint serves and whose workloads ignore targetRefs; undefined when nothing can be told. */
function targetRefProblems(inventory: Inventory, p: InventoryEntry): Found | undefined {
  const ns = p.ref.namespace ?? 'default';
  const problems: string[] = [];
  const fine: string[] = [];
  for (const r of targetRefsOf(p)) {
    const kind = String(r.kind ?? '');
    const name = String(r.name ?? '');
    const group = String(r.group ?? '');
    if (kind === 'Gateway' && group === GATEWAY_GROUP) {
      const gw = gatewayApiGateway(inventory, ns, name);
      if (gw !== undefined) fine.push(`targets ${isWaypointGateway(gw) ? 'waypoint' : 'gateway'} ${describeRef(gw.ref)}`);
      continue;
    }
    if (kind !== 'Service' || (group !== '' && group !== 'core')) continue;
    const svc = inventory.service(ns, name);
    if (svc === undefined) continue;
    const waypoint = waypointOfService(inventory, { kind: 'Service', name, namespace: ns });
    if (waypoint !== undefined) {
      fine.push(`targets Service ${ns}/${name}, served by waypoint ${waypoint}`);
      continue;
    }
    const workloads = inventory.workloadsOf(svc);
    const kinds = workloads.map((w) => ({ w, kind: enforcementOf(inventory, w) }));
    // Ambient workloads without a waypoint are MESH-MODEL-02's finding ("enforced nowhere").
    if (kinds.length === 0 || kinds.some((k) => k.kind === 'ztunnel' || k.kind === undefined)) continue;
    const described = kinds.map((k) => `${nameOf(k.w)} (${k.kind === 'proxyless' ? 'proxyless gRPC' : k.kind})`);
    problems.push(`targets Service ${ns}/${name}, which no waypoint serves, and its workloads ${listOf(described)} ignore policies with targetRefs`);
  }
  if (problems.length === 0 && fine.length === 0) return undefined;
  return { problems, evidence: fine.join('; '), expected: 'a selector (selector.matchLabels) for sidecar and proxyless workloads, or a waypoint bound to the Service (istio.io/use-waypoint)' };
}
