// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { matchesLabels } from '../../../analyze/label-selector';
import { type InventoryEntry, describeRef, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type IngressGateway, GATEWAY_API_GROUP, ingressGateways, istioGatewayPods, reachedWorkloads } from '../ingress/ingress-helpers';
import { actionOf, authorizationPolicies, isDryRun, riskOption, selectorLabels, specOf, targetRefsOf } from './authz-helpers';

/** SP 800-204 MS-SS-2, SP 800-204B §5.1: the first gateway authorizes coarsely. */
export const GATEWAY_GUARDED: MeshRule = {
  id: 'MESH-AUTHZ-07',
  title: 'Every ingress gateway is guarded by its own AuthorizationPolicy',
  rationale: 'The ingress gateway is the first enforcement point for traffic from outside: a policy attached to it rejects requests that no '
    + 'route should carry (other hosts, paths, methods, missing tokens) before they reach any workload.',
  fix: 'create ingress with `mesh.addIngressGateway(...)` and `IngressGateway.route(...)`: the SDK attaches `<gateway>-allow` admitting exactly '
    + 'the routed requests; in hand-written YAML, add an AuthorizationPolicy in the gateway\'s namespace with `targetRefs: [{ group: '
    + 'gateway.networking.k8s.io, kind: Gateway, name: <gateway> }]` (or, for an Istio Gateway, a `selector` matching its pods)',
  severity: 'warning',
  recommendations: ['MS-SS-2', '204B §5.1'],
  controls: ['AC-3', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    const policies = authorizationPolicies(inventory).filter((p) => !isDryRun(p) && actionOf(p) !== 'AUDIT');
    return ingressGateways(inventory).map((g) => {
      const risk = riskOption(inventory, [...reachedWorkloads(inventory, g).keys()]);
      const guard = policies.find((p) => guards(inventory, p, g));
      const where = describeRef(g.entry.ref);
      if (guard) return compliant(g.entry.ref, `${where} is guarded by ${actionOf(guard)} ${describeRef(guard.ref)}`, risk);
      const how = g.api === 'gateway-api' ? 'targetRefs to the Gateway' : `a selector matching its pods ${JSON.stringify(stringMap(specOf(g.entry).selector))}`;
      return violation(g.entry.ref, `${where} is guarded by no AuthorizationPolicy; expected an ALLOW, DENY or CUSTOM policy with ${how}`, risk);
    });
  },
};

/** Whether an enforced policy attaches to the gateway (istio-authz-semantics §b1). */
function guards(inventory: Inventory, p: InventoryEntry, g: IngressGateway): boolean {
  const gns = g.entry.ref.namespace ?? 'default';
  const pns = p.ref.namespace ?? 'default';
  const labels = selectorLabels(p);
  if (g.api === 'gateway-api') {
    const refs = targetRefsOf(p);
    if (refs.length > 0) {
      return pns === gns && refs.some((r) => r.kind === 'Gateway' && r.name === g.entry.ref.name && (r.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP
        && (r.namespace === undefined || r.namespace === pns));
    }
    return labels !== undefined && labels['gateway.networking.k8s.io/gateway-name'] === g.entry.ref.name && (pns === gns || pns === inventory.rootNamespace);
  }
  if (labels === undefined || Object.keys(labels).length === 0 || targetRefsOf(p).length > 0) return false;
  const pods = istioGatewayPods(inventory, g.entry);
  if (pods.length > 0) return pods.some((w) => (pns === w.namespace || pns === inventory.rootNamespace) && matchesLabels(labels, w.podLabels));
  return (pns === gns || pns === inventory.rootNamespace) && matchesLabels(labels, stringMap(specOf(g.entry).selector));
}
