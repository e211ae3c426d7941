// SPDX-License-Identifier: Apache-2.0
import type { Inventory, Workload } from '../../../analyze/inventory';
import { arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type Json, matchesPattern, policyScope, rulesOf, sourcesOf, strings, targetRefsOf } from '../authz/authz-helpers';
import { l7Attributes } from '../proxy-model/proxy-model-helpers';
import { actionOf, authorizationPolicies, dryRunOf, listOf, selectorAttachments, trustDomains } from './semantics-helpers';

/** A waypoint identity as ztunnel sees it on proxied traffic. */
interface WaypointIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** `<trust domain>/ns/<ns>/sa/<sa>` for the mesh trust domain and each alias; empty when the trust domain is not in the manifests. */
  readonly principals: readonly string[];
  /** How messages name it. */
  readonly label: string;
}

/**
 * istio-authz-semantics §b8 trap 10 (§b6): behind a waypoint the destination ztunnel sees the
 * waypoint's identity, so a ztunnel ALLOW that admits only the clients denies all waypoint traffic.
 */
export const ZTUNNEL_ADMITS_WAYPOINT: MeshRule = {
  id: 'MESH-SEM-07',
  title: 'Ambient workloads behind a waypoint admit the waypoint\'s identity at ztunnel',
  rationale: 'With a waypoint in the path there are two enforcement points in series: the waypoint evaluates the targetRefs policies, then the '
    + 'destination ztunnel evaluates the selector and namespace policies against the identity it sees, which is the waypoint\'s service account, '
    + 'not the client\'s. A ztunnel ALLOW that names only the clients (or an allow-nothing alone) therefore denies every request that came '
    + 'through the waypoint (istio-authz-semantics §b6; istio/istio.io#16091). `PILOT_AUTO_ALLOW_WAYPOINT_POLICY`, off by default, would '
    + 'synthesize the missing rule.',
  fix: 'declare callers with `allowFrom` on an ambient service with a waypoint (the SDK emits the ztunnel rule admitting the waypoint); in YAML, '
    + 'add a rule to the selector ALLOW policy whose source is the waypoint principal `<trust domain>/ns/<ns>/sa/<waypoint>`, with only L4 fields',
  severity: 'error',
  recommendations: ['800-233/ambient-L7', 'SAUZ-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const enforcedAllows = authorizationPolicies(inventory).filter((p) => actionOf(p) === 'ALLOW' && !dryRunOf(p).dryRun);
    const allows = enforcedAllows
      .map((p) => ({ p, on: new Set(selectorAttachments(inventory, p).filter((a) => a.kind === 'ztunnel').map((a) => a.workload)) }))
      .filter((x) => x.on.size > 0);
    const waypointAllows = enforcedAllows.filter((p) => targetRefsOf(p).length > 0 && rulesOf(p).length > 0)
      .map((p) => ({ p, on: new Set(policyScope(inventory, p).app) }));
    return inventory.applicationWorkloads().flatMap((w) => {
      const waypoint = inventory.dataPlaneOf(w).waypoint;
      if (inventory.dataPlaneOf(w).kind !== 'ambient' || waypoint === undefined) return [];
      const policies = allows.filter((x) => x.on.has(w)).map((x) => x.p);
      if (policies.length === 0) return [];
      const id = waypointIdentity(inventory, w, waypoint);
      const name = `${w.namespace}/${w.name}`;
      const names = policies.map((p) => describeRef(p.ref)).join(', ');
      const admitting = policies.flatMap((p) => rulesOf(p).map((r, i) => ({ p, i, r }))).filter(({ p, r }) => l7Attributes(r).length === 0 && admits(r, id, p.ref.namespace ?? 'default'));
      // Only allow-nothing policies at ztunnel and nothing admitted at the waypoint: the workload is closed, as written.
      const upstream = waypointAllows.filter((x) => x.on.has(w)).map((x) => describeRef(x.p.ref));
      if (policies.every((p) => rulesOf(p).length === 0) && upstream.length === 0) return [];
      if (admitting.length > 0) {
        const by = admitting.map(({ p, i }) => `${p.ref.namespace}/${p.ref.name} rule ${i}`).join(', ');
        return [compliant(w.entry.ref, `${name} is served by waypoint ${id.namespace}/${id.serviceAccount}, which ztunnel admits (${by})`)];
      }
      const dead = upstream.length > 0 ? ` (including what ${listOf(upstream)} admit${upstream.length === 1 ? 's' : ''} there)` : '';
      return [violation(w.entry.ref, `${name} is served by waypoint ${id.namespace}/${id.serviceAccount}, but no ztunnel ALLOW rule of ${names} admits ${id.label}, `
        + `the identity ztunnel sees on traffic from the waypoint, so every request through the waypoint is denied${dead}; expected a rule admitting the waypoint principal`)];
    });
  },
};

/** The waypoint's identity: service account `<waypoint>` in its namespace (`istio.io/use-waypoint-namespace`, else the workload's). */
function waypointIdentity(inventory: Inventory, w: Workload, waypoint: string): WaypointIdentity {
  const key = 'istio.io/use-waypoint-namespace';
  const namespace = w.podLabels[key]
    ?? inventory.servicesOf(w).map((s) => stringMap(s.entry.object.metadata?.labels)[key]).find((v) => v !== undefined)
    ?? inventory.namespaceLabels(w.namespace)[key]
    ?? w.namespace;
  const { trustDomain, aliases, configured } = trustDomains(inventory);
  const tail = `/ns/${namespace}/sa/${waypoint}`;
  return configured
    ? { namespace, serviceAccount: waypoint, principals: [trustDomain, ...aliases].map((td) => `${td}${tail}`), label: `${trustDomain}${tail}` }
    : { namespace, serviceAccount: waypoint, principals: [], label: `<trust domain>${tail}` };
}

/**
 * Whether an L4 rule can admit the waypoint at ztunnel (§b6 evaluation): some `from` admits its
 * identity (or there is none) and the identity conditions hold. Address fields are assumed to
 * match: the waypoint's address is not in the manifests.
 */
function admits(rule: Json, id: WaypointIdentity, policyNamespace: string): boolean {
  const from = sourcesOf(rule);
  if (from.length > 0 && !from.some((s) => sourceAdmits(s, id, policyNamespace))) return false;
  for (const c of arrayOf(rule.when).map(objectOf)) {
    const key = String(c.key ?? '');
    const match = key === 'source.principal' ? (v: string) => principalMatches(v, id) : key === 'source.namespace' ? (v: string) => matchesPattern(v, id.namespace) : undefined;
    if (match === undefined) continue;
    const values = strings(c.values);
    if (values.length > 0 && !values.some(match)) return false;
    if (strings(c.notValues).some(match)) return false;
  }
  return true;
}

function sourceAdmits(src: Json, id: WaypointIdentity, policyNamespace: string): boolean {
  const account = (v: string) => (v.includes('/') ? v : `${policyNamespace}/${v}`) === `${id.namespace}/${id.serviceAccount}`;
  const checks: [string, (v: string) => boolean][] = [
    ['principals', (v) => principalMatches(v, id)],
    ['namespaces', (v) => matchesPattern(v, id.namespace)],
    ['serviceAccounts', account],
    // With the trust domain not in the manifests, trust-domain fields are assumed to admit the waypoint.
    ...id.principals.length === 0 ? [] : [['trustDomains', (v: string) => v === '*' || id.principals.some((p) => p.startsWith(`${v}/`))] as [string, (v: string) => boolean]],
  ];
  for (const [field, match] of checks) {
    const pos = strings(src[field]);
    const neg = strings(src[`not${field[0].toUpperCase()}${field.slice(1)}`]);
    if (pos.length > 0 && !pos.some(match)) return false;
    if (neg.some(match)) return false;
  }
  return true;
}

/**
 * A `principals` pattern against the waypoint identity; `cluster.local/…` stands for the mesh
 * trust domain and its aliases (§b3). When the manifests do not show the trust domain, the
 * pattern's own trust domain is taken for the mesh's.
 */
function principalMatches(pattern: string, id: WaypointIdentity): boolean {
  const p = pattern.replace(/^spiffe:\/\//, '');
  const tail = `/ns/${id.namespace}/sa/${id.serviceAccount}`;
  const own = p.includes('/ns/') ? p.slice(0, p.indexOf('/ns/')) : '';
  const candidates = id.principals.length === 0 || p.startsWith('cluster.local/') ? [`${own}${tail}`] : id.principals;
  return candidates.some((c) => matchesPattern(p, c));
}
