// SPDX-License-Identifier: Apache-2.0
import { egressGateways, hostsOf, splitNamespacedHost } from './egress-helpers';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { hostNamespaceOf, sameHost } from '../resilience/host-match';

/** SM-DR10: egress gateways are guarded by authorization and actually mediate the external hosts they serve. */
export const EGRESS_GATEWAY_GUARDED: MeshRule = {
  id: 'MESH-EGRESS-05',
  title: 'Egress gateways are selected by an AuthorizationPolicy, and the external hosts they serve are routed from the mesh through them',
  rationale: 'An egress gateway is a choke point only if it checks who is calling and if sidecars actually send external traffic through it; '
    + 'an unguarded gateway lets any workload leave the mesh, and a host without the two-hop route bypasses the gateway altogether.',
  fix: 'route the external service through `new EgressGateway(scope, id, { mesh })` with the `egressGateway` option of `ExternalService`: '
    + 'the SDK emits the gateway\'s ALLOW and DENY AuthorizationPolicies (`<service>-allow`, `<service>-deny`) and a VirtualService '
    + '`<name>-egress` bound to `mesh` and the gateway. Outside the SDK add an AuthorizationPolicy whose `selector.matchLabels` select the '
    + 'gateway pods, and a VirtualService for each host with `gateways: [mesh, <namespace>/<gateway>]` whose `mesh` routes go to the gateway Service',
  severity: 'warning',
  recommendations: ['SM-DR10'],
  controls: ['AC-4', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    return egressGateways(inventory).flatMap((gw): Outcome[] => [guard(inventory, gw), ...routedHosts(gw).map((h) => routing(inventory, gw, h))]);
  },
};

function guard(inventory: Inventory, gw: InventoryEntry): Outcome {
  const selector = stringMap(objectOf(gw.object.spec).selector);
  const name = `Gateway ${gw.ref.namespace}/${gw.ref.name}`;
  const policies = inventory.ofKind('AuthorizationPolicy', 'security.istio.io').filter((p) => {
    if (p.ref.namespace !== gw.ref.namespace && p.ref.namespace !== inventory.rootNamespace) return false;
    const spec = objectOf(p.object.spec);
    const labels = stringMap(objectOf(spec.selector).matchLabels);
    if (Object.keys(labels).length === 0 || !Object.entries(labels).every(([k, v]) => selector[k] === v)) return false;
    const action = spec.action ?? 'ALLOW';
    if (action === 'AUDIT') return false;
    // an ALLOW rule without from, to and when admits everybody
    return !(action === 'ALLOW' && arrayOf(spec.rules).some((r) => Object.keys(objectOf(r)).length === 0));
  });
  if (policies.length === 0) {
    return violation(gw.ref, `egress ${name} (pods ${JSON.stringify(selector)}) is selected by no AuthorizationPolicy that restricts its callers; `
      + 'expected an AuthorizationPolicy in its namespace whose selector.matchLabels select those pods');
  }
  return compliant(gw.ref, `egress ${name} is guarded by AuthorizationPolicy ${policies.map((p) => `${p.ref.namespace}/${p.ref.name}`).join(', ')}`);
}

/** The exact hosts the gateway's servers serve. */
function routedHosts(gw: InventoryEntry): string[] {
  const hosts = arrayOf(objectOf(gw.object.spec).servers).flatMap((s) => arrayOf(objectOf(s).hosts))
    .filter((h): h is string => typeof h === 'string').map((h) => splitNamespacedHost(h).host).filter((h) => !h.includes('*'));
  return [...new Set(hosts)].sort();
}

function routing(inventory: Inventory, gw: InventoryEntry, host: string): Outcome {
  const gns = gw.ref.namespace ?? 'default';
  const ref = `${gns}/${gw.ref.name}`;
  const bound = inventory.ofKind('VirtualService', 'networking.istio.io').filter((vs) => {
    const vns = vs.ref.namespace ?? 'default';
    if (!hostsOf(vs).some((h) => sameHost(inventory, h, vns, host, gns))) return false;
    const gateways = arrayOf(objectOf(vs.object.spec).gateways).map(String);
    return gateways.includes('mesh') && gateways.some((g) => g === ref || (g === gw.ref.name && vns === gns));
  });
  if (bound.length === 0) {
    return violation(gw.ref, `external host ${JSON.stringify(host)} is served by egress Gateway ${ref} but no VirtualService routes it from the mesh through the gateway; `
      + `expected a VirtualService for ${JSON.stringify(host)} with gateways ["mesh", "${ref}"]`);
  }
  const checked = bound.map((vs) => {
    const vns = vs.ref.namespace ?? 'default';
    const destinations = meshDestinations(vs);
    return { vs, destinations, direct: destinations.filter((d) => hostNamespaceOf(inventory, d, vns) !== gns) };
  });
  const good = checked.find((c) => c.destinations.length > 0 && c.direct.length === 0);
  if (good) return compliant(good.vs.ref, `VirtualService ${good.vs.ref.namespace}/${good.vs.ref.name} routes ${JSON.stringify(host)} from the mesh to egress Gateway ${ref}`);
  const { vs, direct } = checked[0];
  const where = direct.length > 0 ? `its mesh routes go to ${JSON.stringify(direct)}` : 'it has no route for the mesh';
  return violation(vs.ref, `VirtualService ${vs.ref.namespace}/${vs.ref.name} binds "mesh" and ${ref} for ${JSON.stringify(host)} but ${where}, not to the gateway Service in ${gns}; `
    + 'expected the mesh routes to send to the egress gateway');
}

/** Destination hosts of the routes of a VirtualService that apply to sidecars (`mesh`). */
function meshDestinations(vs: InventoryEntry): string[] {
  const spec = objectOf(vs.object.spec);
  const routes = [...arrayOf(spec.http), ...arrayOf(spec.tls), ...arrayOf(spec.tcp)].map(objectOf).filter((r) => {
    const matches = arrayOf(r.match).map(objectOf);
    return matches.length === 0 || matches.some((m) => m.gateways === undefined || arrayOf(m.gateways).includes('mesh'));
  });
  return routes.flatMap((r) => arrayOf(r.route).map((d) => String(objectOf(objectOf(d).destination).host ?? '')));
}
