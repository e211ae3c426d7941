// SPDX-License-Identifier: Apache-2.0
import type { Workload } from '../../../analyze/inventory';
import { type InventoryEntry, describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type Json, actionOf, authorizationPolicies, isDryRun, operationsOf, policyScope, rulesOf, sourcesOf, strings, targetRefsOf } from '../authz/authz-helpers';
import { type IngressGateway, gatewayIdentities, ingressGateways, reachedWorkloads } from '../ingress/ingress-helpers';
import { admitsIdentity, httpTargetPorts, requiresToken } from './end-user-helpers';

/** SP 800-204B EUAZ-SR-3, SP 800-204 MS-SS-1, APE-SR-3: what users reach through ingress needs an end-user token. */
export const USER_FACING_REQUIRES_END_USER: MeshRule = {
  id: 'MESH-EU-03',
  title: 'Workloads reached from an ingress gateway require an end-user token',
  rationale: 'Requests arriving through ingress act for an end user; if the workload admits the gateway without a token, anyone on the '
    + 'internet who reaches the gateway acts with the gateway\'s identity, and the workload cannot tell users apart or enforce per-user access.',
  fix: 'call `MeshService.requireEndUser()` (with `acceptTokensFrom(issuer)`) on the service, or name the end user in each rule admitting the '
    + 'gateway, e.g. `allowFrom(gateway, { endUser: EndUser.issuer(issuer) })`; in hand-written YAML, select the workload with a DENY policy '
    + '`rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }]` (limited with `to.operation.ports` to its HTTP ports), or add '
    + '`requestPrincipals` to every ALLOW source that admits the gateway',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['EUAZ-SR-3', 'MS-SS-1', 'APE-SR-3'],
  controls: ['IA-2', 'AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const reached = new Map<Workload, { gateways: IngressGateway[]; route: InventoryEntry }>();
    for (const g of ingressGateways(inventory)) {
      for (const [w, route] of reachedWorkloads(inventory, g)) {
        const entry = reached.get(w) ?? { gateways: [], route };
        entry.gateways.push(g);
        reached.set(w, entry);
      }
    }
    return [...reached.entries()].flatMap(([w, { gateways, route }]) => {
      const ports = httpTargetPorts(inventory, w);
      if (ports.length === 0) return [];
      const name = `${w.namespace}/${w.name}`;
      const via = `${gateways.map((g) => describeRef(g.entry.ref)).join(', ')} (${describeRef(route.ref)})`;
      const kind = inventory.dataPlaneOf(w).kind;
      if (kind === 'sharedNode' || kind === 'none') {
        const plane = kind === 'none' ? 'no mesh data plane' : 'the shared node model (Cilium)';
        return [violation(w.entry.ref, `${name}, reached from ${via}, runs on ${plane}, where no Istio policy applies, so nothing can require an end-user token; expected a proxy model that validates tokens (sidecar, ambient with a waypoint)`)];
      }
      const policies = authorizationPolicies(inventory).filter((p) => !isDryRun(p) && policyScope(inventory, p).app.includes(w));
      // ztunnel strips L7 fields from DENY rules, so on ambient only a waypoint (targetRefs) policy rejects tokenless requests.
      const deny = policies.find((p) => actionOf(p) === 'DENY' && (kind !== 'ambient' || targetRefsOf(p).length > 0) && rulesOf(p).some((r) => deniesTokenless(r, ports)));
      if (deny) return [compliant(w.entry.ref, `${name}, reached from ${via}, is selected by DENY ${describeRef(deny.ref)} rejecting requests without a token on ports ${ports.join(', ')}`)];
      const ids = gateways.flatMap((g) => gatewayIdentities(inventory, g));
      const allows = policies.filter((p) => actionOf(p) === 'ALLOW');
      const open: string[] = [];
      let admitting = 0;
      for (const p of allows) {
        rulesOf(p).forEach((r, i) => {
          const sources = sourcesOf(r);
          for (const id of ids) {
            const matching = sources.length === 0 ? [{}] : sources.filter((s) => admitsIdentity(s, id, p.ref.namespace ?? 'default'));
            if (matching.length === 0) continue;
            admitting++;
            if (matching.some((s) => !requiresToken(s, r))) open.push(`${describeRef(p.ref)} rule ${i} admits ${id.namespace}/${id.serviceAccount} without requestPrincipals`);
          }
        });
      }
      const expected = 'expected a DENY policy with notRequestPrincipals: ["*"] on its HTTP ports, or requestPrincipals in every ALLOW rule admitting the gateway';
      if (allows.length === 0) return [violation(w.entry.ref, `${name}, reached from ${via}, is selected by no ALLOW policy, so the gateway reaches it without an end-user token; ${expected}`)];
      if (open.length) return [violation(w.entry.ref, `${name}, reached from ${via}, accepts requests without an end-user token: ${[...new Set(open)].join('; ')}; ${expected}`)];
      return [compliant(w.entry.ref, admitting
        ? `${name}, reached from ${via}: every ALLOW rule admitting the gateway requires an end-user token`
        : `${name}, reached from ${via}: no ALLOW rule admits the gateway's identity`)];
    });
  },
};

/** A DENY rule rejecting every request without a token on all of `ports` (what `requireEndUser()` emits). */
function deniesTokenless(rule: Json, ports: readonly string[]): boolean {
  if (rule.when !== undefined) return false;
  const tokenless = sourcesOf(rule).some((s) => Object.keys(s).length === 1 && strings(s.notRequestPrincipals).includes('*'));
  if (!tokenless) return false;
  const ops = operationsOf(rule);
  if (ops.length === 0) return true;
  const covered = new Set(ops.filter((op) => Object.keys(op).length === 1).flatMap((op) => strings(op.ports)));
  return ports.every((port) => covered.has(port));
}
