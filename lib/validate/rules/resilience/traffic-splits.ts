// SPDX-License-Identifier: Apache-2.0
import { sameHost, wildcardCovers } from './host-match';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** MS-SS-9: canary and version splits are well formed: weights add up and subsets exist. */
export const TRAFFIC_SPLITS: MeshRule = {
  id: 'MESH-RES-03',
  title: 'Traffic splits have weights that sum to 100 and route only to defined subsets',
  rationale: 'A canary or blue/green rollout is only controlled if the split is what it says: weights that do not add up to 100 make the '
    + 'actual share of each version hard to read, and a subset no DestinationRule defines makes the proxy fail those requests (503, no healthy upstream).',
  fix: 'give every destination of a route with several destinations a `weight` so that they sum to 100, and define each `subset` a route '
    + 'uses in the DestinationRule of its host (`spec.subsets[].name` with the version labels)',
  severity: 'warning',
  recommendations: ['MS-SS-9'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.ofKind('VirtualService', 'networking.istio.io').flatMap((vs): Outcome[] => {
      const spec = objectOf(vs.object.spec);
      const ns = vs.ref.namespace ?? 'default';
      const name = `VirtualService ${ns}/${vs.ref.name}`;
      const routes = (['http', 'tcp', 'tls'] as const).flatMap((kind) => arrayOf(spec[kind]).map(objectOf).map((r, i) => ({
        label: `${kind}[${i}]${typeof r.name === 'string' ? ` (${r.name})` : ''}`,
        destinations: arrayOf(r.route).map(objectOf),
      })));
      const splits = routes.filter((r) => r.destinations.length > 1);
      const withSubsets = routes.flatMap((r) => r.destinations.map((d) => ({ route: r.label, destination: objectOf(d.destination) })))
        .filter((d) => typeof d.destination.subset === 'string');
      if (splits.length === 0 && withSubsets.length === 0) return [];
      const problems: string[] = [];
      for (const r of splits) {
        const weights = r.destinations.map((d) => (typeof d.weight === 'number' ? d.weight : 0));
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum !== 100) problems.push(`route ${r.label} splits with weights ${JSON.stringify(weights)} summing to ${sum} (expected 100)`);
      }
      for (const { route, destination } of withSubsets) {
        const host = String(destination.host ?? '');
        const subset = String(destination.subset);
        const rules = rulesFor(inventory, host, ns);
        if (!rules.some((r) => arrayOf(objectOf(r.object.spec).subsets).some((s) => objectOf(s).name === subset))) {
          const why = rules.length > 0 ? `DestinationRule ${rules.map((r) => `${r.ref.namespace}/${r.ref.name}`).join(', ')} defines no such subset` : 'no DestinationRule exists for that host';
          problems.push(`route ${route} sends to subset ${JSON.stringify(subset)} of ${JSON.stringify(host)} but ${why}`);
        }
      }
      if (problems.length > 0) return [violation(vs.ref, `${name}: ${problems.join('; ')}`)];
      const parts = [splits.length > 0 ? `${splits.length} split(s) with weights summing to 100` : '', withSubsets.length > 0 ? `subsets ${JSON.stringify([...new Set(withSubsets.map((d) => String(d.destination.subset)))])} defined in DestinationRules` : ''];
      return [compliant(vs.ref, `${name} has ${parts.filter((p) => p !== '').join(' and ')}`)];
    });
  },
};

/** DestinationRules naming `host` (read in namespace `ns`), else those whose wildcard host covers it. */
function rulesFor(inventory: Inventory, host: string, ns: string): InventoryEntry[] {
  const all = inventory.ofKind('DestinationRule', 'networking.istio.io');
  const hostOf = (e: InventoryEntry) => String(objectOf(e.object.spec).host ?? '');
  const exact = all.filter((e) => sameHost(inventory, hostOf(e), e.ref.namespace ?? 'default', host, ns));
  return exact.length > 0 ? exact : all.filter((e) => hostOf(e).includes('*') && wildcardCovers(hostOf(e), host));
}
