// SPDX-License-Identifier: Apache-2.0
import { externalServiceEntries, hasHttpPort, hostsOf } from './egress-helpers';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { sameHost, wildcardCovers } from '../resilience/host-match';

/** SM-DR9: calls to external services get timeouts, retries and circuit breaking. */
export const EXTERNAL_RESILIENCE: MeshRule = {
  id: 'MESH-EGRESS-04',
  title: 'Every external host has circuit breaking, and its HTTP routes from the mesh set a timeout and retries',
  rationale: 'External dependencies fail and slow down outside the mesh operator\'s control; without timeouts, retries and circuit '
    + 'breaking in the proxy a slow or failing external service ties up callers and cascades through the mesh.',
  fix: 'declare the service with `new ExternalService(...)` and tune its `resilience` option (`timeout`, `retries`, `outlierDetection`, '
    + '`connectionPool`): the SDK emits a DestinationRule per host and, for HTTP ports, a VirtualService `<name>-routes` (or the '
    + 'egress gateway route) with `timeout` and `retries`. Outside the SDK add a DestinationRule for the host with '
    + '`trafficPolicy.outlierDetection` / `connectionPool`, and a VirtualService for the host whose HTTP routes set `timeout` and `retries`',
  severity: 'warning',
  recommendations: ['SM-DR9'],
  controls: ['SC-5'],
  target: 'manifest',
  check({ inventory }) {
    return externalServiceEntries(inventory).flatMap((se) => hostsOf(se).map((host) => {
      const ns = se.ref.namespace ?? 'default';
      const what = `external host ${JSON.stringify(host)} of ServiceEntry ${ns}/${se.ref.name}`;
      const problems: string[] = [];
      const evidence: string[] = [];
      const rules = matching(inventory, 'DestinationRule', host, ns, (e) => [String(objectOf(e.object.spec).host ?? '')]);
      const guarded = rules.find((e) => circuitBreaking(objectOf(objectOf(e.object.spec).trafficPolicy)));
      if (guarded) evidence.push(`DestinationRule ${guarded.ref.namespace}/${guarded.ref.name} sets circuit breaking`);
      else if (rules.length > 0) problems.push(`DestinationRule ${rules.map((r) => `${r.ref.namespace}/${r.ref.name}`).join(', ')} sets neither outlierDetection nor connectionPool`);
      else problems.push('no DestinationRule with outlierDetection or connectionPool');
      if (hasHttpPort(se)) {
        const routes = matching(inventory, 'VirtualService', host, ns, (e) => hostsOf(e)).filter(bindsMesh);
        const good = routes.find((vs) => {
          const applicable = meshRoutes(vs);
          return applicable.length > 0 && applicable.every((r) => r.timeout !== undefined && r.retries !== undefined);
        });
        if (good) evidence.push(`VirtualService ${good.ref.namespace}/${good.ref.name} sets timeout and retries on its routes from the mesh`);
        else if (routes.length > 0) problems.push(`VirtualService ${routes.map((r) => `${r.ref.namespace}/${r.ref.name}`).join(', ')} has HTTP routes from the mesh without \`timeout\` or \`retries\``);
        else problems.push('no VirtualService for the host with HTTP routes setting `timeout` and `retries`');
      } else {
        evidence.push('its ports carry no HTTP, so route timeouts and retries do not apply');
      }
      if (problems.length > 0) return violation(se.ref, `${what} has ${problems.join(' and ')}; expected both, as for mesh services`);
      return compliant(se.ref, `${what}: ${evidence.join('; ')}`);
    }));
  },
};

/** Objects of `kind` whose hosts name `host` exactly, else through a wildcard. */
function matching(inventory: Inventory, kind: string, host: string, hostNamespace: string, hostsOfEntry: (e: InventoryEntry) => string[]): InventoryEntry[] {
  const all = inventory.ofKind(kind, 'networking.istio.io');
  const exact = all.filter((e) => hostsOfEntry(e).some((h) => sameHost(inventory, h, e.ref.namespace ?? 'default', host, hostNamespace)));
  return exact.length > 0 ? exact : all.filter((e) => hostsOfEntry(e).some((h) => h.includes('*') && wildcardCovers(h, host)));
}

/** Whether a traffic policy (or one of its port-level settings) sets outlier detection or a connection pool. */
function circuitBreaking(policy: Record<string, unknown>): boolean {
  const has = (p: Record<string, unknown>) => p.outlierDetection !== undefined || p.connectionPool !== undefined;
  return has(policy) || arrayOf(policy.portLevelSettings).some((p) => has(objectOf(p)));
}

/** Whether a VirtualService applies to the mesh's sidecars (`gateways` unset, or listing `mesh`). */
function bindsMesh(vs: InventoryEntry): boolean {
  const gateways = objectOf(vs.object.spec).gateways;
  return gateways === undefined || arrayOf(gateways).length === 0 || arrayOf(gateways).includes('mesh');
}

/** The HTTP routes of a VirtualService that sidecars use (no match, or a match without `gateways` or with `mesh`). */
function meshRoutes(vs: InventoryEntry): Record<string, unknown>[] {
  return arrayOf(objectOf(vs.object.spec).http).map(objectOf).filter((r) => {
    const matches = arrayOf(r.match).map(objectOf);
    return matches.length === 0 || matches.some((m) => m.gateways === undefined || arrayOf(m.gateways).includes('mesh'));
  });
}
