// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { targetRefsOf } from '../authz/authz-helpers';
import { waypointOfService } from '../end-user/end-user-helpers';
import { actionOf, authorizationPolicies, listOf, nameOf, selectorAttachments } from './semantics-helpers';

const MULTIPLE_PROVIDERS_FLAG = 'PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS';

/**
 * istio-authz-semantics §b8 trap 22 (§b2, builder.go): several CUSTOM providers on one proxy
 * without the feature flag, or a provider the mesh config does not declare, make Istio generate
 * deny rules for every request the CUSTOM policies match.
 */
export const SINGLE_CUSTOM_PROVIDER: MeshRule = {
  id: 'MESH-SEM-18',
  title: 'Each proxy\'s CUSTOM policies reach one external authorizer, declared in the mesh config',
  rationale: 'Without `PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS` (off by default) a proxy supports one CUSTOM provider; when its CUSTOM policies '
    + '(dry-run ones included) name several, or name a provider missing from `meshConfig.extensionProviders`, Istio cannot build the ext_authz '
    + 'filter and instead denies every request those policies match (istio-authz-semantics §b2, builder.go): a fail-closed outage no error reports. '
    + 'Proxyless gRPC servers build only DENY and ALLOW filters and drop CUSTOM policies silently, so their authorizer is never called (§b7): fail-open.',
  fix: 'route all of a workload\'s external authorization through one provider (one `ExternalAuthorizer` in the SDK), declare every provider '
    + 'named by a CUSTOM policy in `meshConfig.extensionProviders`, or set PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS=true on istiod; for '
    + 'proxyless gRPC servers, authorize in the application or move the service to a sidecar',
  severity: 'error',
  recommendations: ['EUAZ-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const custom = authorizationPolicies(inventory).filter((p) => actionOf(p) === 'CUSTOM');
    if (custom.length === 0) return [];
    const mesh = inventory.meshConfig();
    const declared = new Set(arrayOf(objectOf(mesh).extensionProviders).map((x) => String(objectOf(x).name ?? '')));
    const multipleAllowed = flagEnabled(inventory);
    const points = new Map<string, { providers: Set<string>; policies: InventoryEntry[] }>();
    const pointsOf = new Map<InventoryEntry, string[]>();
    for (const p of custom) {
      const keys = enforcementPoints(inventory, p);
      pointsOf.set(p, keys);
      for (const k of keys) {
        const entry = points.get(k) ?? { providers: new Set<string>(), policies: [] };
        entry.providers.add(providerOf(p));
        entry.policies.push(p);
        points.set(k, entry);
      }
    }
    return custom.map((p): Outcome => {
      const provider = providerOf(p);
      const where = `CUSTOM ${describeRef(p.ref)}`;
      const problems: string[] = [];
      if (mesh !== undefined && !declared.has(provider)) problems.push(`names provider ${JSON.stringify(provider)}, which meshConfig.extensionProviders does not declare`);
      const proxyless = selectorAttachments(inventory, p).filter((a) => a.kind === 'proxyless').map((a) => nameOf(a.workload));
      if (proxyless.length > 0) {
        problems.push(`applies to proxyless gRPC workloads ${listOf(proxyless)}, which drop CUSTOM policies silently, so the authorizer is never called for them (fail-open)`);
      }
      if (!multipleAllowed) {
        for (const k of pointsOf.get(p) ?? []) {
          const point = points.get(k)!;
          if (point.providers.size > 1) {
            const others = point.policies.filter((o) => o !== p).map((o) => describeRef(o.ref));
            problems.push(`shares ${k} with ${listOf(others)}, which together name providers ${listOf([...point.providers].sort().map((x) => JSON.stringify(x)))}`);
          }
        }
      }
      if (problems.length > 0) {
        const effect = problems.length === 1 && problems[0].includes('fail-open') ? '' : ', so Istio generates deny rules for every request these policies match';
        return violation(p.ref, `${where} ${problems.join('; ')}${effect}; expected one declared provider per proxy, on proxies that call it`);
      }
      return compliant(p.ref, `${where} uses provider ${JSON.stringify(provider)}${mesh !== undefined ? ', declared in the mesh config,' : ''} as the only provider of its proxies`);
    });
  },
};

function providerOf(p: InventoryEntry): string {
  return String(objectOf(objectOf(p.object.spec).provider).name ?? '');
}

/** The proxies a CUSTOM policy is enforced at: sidecars and gateways it selects, gateways and waypoints it targets. */
function enforcementPoints(inventory: Inventory, p: InventoryEntry): string[] {
  const ns = p.ref.namespace ?? 'default';
  const refs = targetRefsOf(p);
  if (refs.length === 0) {
    return selectorAttachments(inventory, p).filter((a) => a.kind === 'sidecar' || a.kind === 'gateway').map((a) => `the proxy of ${nameOf(a.workload)}`);
  }
  return refs.flatMap((r) => {
    const name = String(r.name ?? '');
    if (r.kind === 'Gateway') return [`gateway ${ns}/${name}`];
    if (r.kind === 'Service' || r.kind === 'ServiceEntry') {
      const waypoint = waypointOfService(inventory, { kind: String(r.kind), name, namespace: ns });
      return waypoint === undefined ? [] : [`gateway ${ns}/${waypoint}`];
    }
    return [];
  });
}

/** Whether an istiod Deployment of the manifests sets PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS=true. */
function flagEnabled(inventory: Inventory): boolean {
  return inventory.workloads.filter((w) => w.name.startsWith('istiod')).some((w) => arrayOf(w.podSpec.containers).some((c) =>
    arrayOf(objectOf(c).env).some((e) => objectOf(e).name === MULTIPLE_PROVIDERS_FLAG && String(objectOf(e).value).toLowerCase() === 'true')));
}
