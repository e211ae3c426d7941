// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, operationsOf, rulesOf, strings } from '../authz/authz-helpers';
import { type WorkloadPort, tcpPorts } from './port-protocols';
import { actionOf, authorizationPolicies, dryRunOf, httpFieldsOfRule, httpOperationFields, httpSharedFields, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 6 (§b4, istio/istio#37920): on a TCP filter chain an HTTP-only
 * field makes Istio drop the whole ALLOW rule, including its alternatives that need no HTTP.
 */
export const HTTP_ALLOW_ON_TCP: MeshRule = {
  id: 'MESH-SEM-05',
  title: 'ALLOW rules that admit TCP ports of sidecar workloads use no HTTP-only conditions',
  rationale: 'When one field of an ALLOW rule cannot be generated on a TCP filter chain (methods, paths, hosts, request principals, headers, '
    + 'claims), Istio drops the whole rule there, with all its `to` and `from` alternatives. A rule with the operations `{ports: [8080], '
    + 'paths: [/api/*]}` and `{ports: [5432]}` therefore blocks TCP port 5432 (istio/istio#37920), and a rule naming a TCP port together with '
    + 'methods never admits anything on it (istio-authz-semantics §b4).',
  fix: 'split the rule: one ALLOW rule for HTTP operations (methods, paths) and a separate rule whose only operation field is `ports` for the '
    + 'TCP ports; the SDK renders each `allowFrom` call as its own rule and refuses HTTP attributes on TCP ports (make one call per kind of port)',
  severity: 'error',
  recommendations: ['APE-SR-2', 'SAUZ-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      if (actionOf(p) !== 'ALLOW' || dryRunOf(p).dryRun) continue;
      const rules = rulesOf(p).map((r, i) => ({ r, i })).filter(({ r }) => httpFieldsOfRule(r).length > 0);
      if (rules.length === 0) continue;
      const attached = selectorAttachments(inventory, p).filter((a) => a.kind === 'sidecar');
      if (attached.length === 0) continue;
      const where = describeRef(p.ref);
      const lost: string[] = [];
      for (const a of attached) {
        const tcp = tcpPorts(inventory, a.workload);
        if (tcp.length === 0) continue;
        for (const { r, i } of rules) {
          const ports = lostPorts(r, tcp);
          if (ports.length === 0) continue;
          lost.push(`rule ${i} (HTTP-only ${httpFieldsOfRule(r).join(', ')}) is dropped on TCP port${ports.length === 1 ? '' : 's'} `
            + `${ports.map((x) => `${x.port} (${x.declaredBy})`).join(', ')} of ${nameOf(a.workload)}, which it means to admit`);
        }
      }
      out.push(lost.length > 0
        ? violation(p.ref, `ALLOW ${where}: ${lost.join('; ')}; expected separate rules for HTTP operations and for TCP ports`)
        : compliant(p.ref, `ALLOW ${where} uses HTTP-only fields only in rules for HTTP ports of ${attached.map((a) => nameOf(a.workload)).join(', ')}`));
    }
    return out;
  },
};

/**
 * The TCP ports a rule with HTTP-only fields means to admit, all lost: those named by an
 * operation without HTTP-only fields (or every TCP port, when it names none), and those named
 * explicitly next to HTTP-only fields.
 */
function lostPorts(rule: Json, tcp: readonly WorkloadPort[]): WorkloadPort[] {
  const shared = httpSharedFields(rule).length > 0;
  const out = new Set<WorkloadPort>();
  for (const op of operationsOf(rule)) {
    const ports = strings(op.ports).map(Number);
    const notPorts = strings(op.notPorts).map(Number);
    const plainTcp = !shared && httpOperationFields(op).length === 0;
    for (const t of tcp) {
      if (notPorts.includes(t.port)) continue;
      if (ports.includes(t.port) || (plainTcp && ports.length === 0)) out.add(t);
    }
  }
  return tcp.filter((t) => out.has(t));
}
