// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, operationsOf, rulesOf, strings } from '../authz/authz-helpers';
import { type WorkloadPort, tcpPorts } from './port-protocols';
import { actionOf, authorizationPolicies, dryRunOf, httpOperationFields, httpSharedFields, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 5 (§b4, istio/istio#25832): on a TCP filter chain a DENY drops its
 * HTTP-only fields and keeps the rest, so it denies every connection its other conditions match.
 */
export const HTTP_DENY_ON_TCP: MeshRule = {
  id: 'MESH-SEM-04',
  title: 'DENY rules with HTTP-only conditions do not reach TCP ports of sidecar workloads',
  rationale: 'Envoy evaluates a TCP port with a network RBAC filter, where methods, paths, hosts, request principals, request headers and JWT '
    + 'claims do not exist. In a DENY rule Istio drops just those fields, so the rule gets wider: `DENY to: [{operation: {methods: [POST]}}]` '
    + 'denies every connection to the workload\'s TCP ports, and `DENY from notRequestPrincipals: ["*"]` denies all TCP traffic '
    + '(istio-authz-semantics §b4; istio/istio#25832; admission only warns).',
  fix: 'limit the DENY rule to the HTTP ports with `to.operation.ports`, and give TCP ports their own DENY rules written with L4 fields only '
    + '(principals, namespaces, ipBlocks, ports); the SDK pins `denyFrom` rules with HTTP attributes, and the token requirement of '
    + '`requireEndUser`, to the service\'s HTTP ports',
  severity: 'warning',
  recommendations: ['APE-SR-1', 'APE-SR-2'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      if (actionOf(p) !== 'DENY' || dryRunOf(p).dryRun) continue;
      const rules = rulesOf(p).map((r, i) => ({ r, i })).filter(({ r }) => httpSharedFields(r).length > 0 || operationsOf(r).some((op) => httpOperationFields(op).length > 0));
      if (rules.length === 0) continue;
      const attached = selectorAttachments(inventory, p).filter((a) => a.kind === 'sidecar');
      if (attached.length === 0) continue;
      const where = describeRef(p.ref);
      const hits: string[] = [];
      for (const a of attached) {
        const tcp = tcpPorts(inventory, a.workload);
        if (tcp.length === 0) continue;
        for (const { r, i } of rules) {
          const widened = widenedPorts(r, tcp);
          if (widened.length > 0) hits.push(`rule ${i} denies every matching connection to ${nameOf(a.workload)} on TCP port${widened.length === 1 ? '' : 's'} ${widened.map((x) => `${x.port} (${x.declaredBy})`).join(', ')}`);
        }
      }
      out.push(hits.length > 0
        ? violation(p.ref, `DENY ${where} uses HTTP-only fields, which a TCP filter chain drops, so ${hits.join('; ')}; expected the rule limited to HTTP ports with to.operation.ports`)
        : compliant(p.ref, `DENY ${where} uses HTTP-only fields only on HTTP ports of ${attached.map((a) => nameOf(a.workload)).join(', ')}`));
    }
    return out;
  },
};

/** The TCP ports a DENY rule covers once its HTTP-only fields are dropped (only the alternatives that had such fields get wider). */
function widenedPorts(rule: Json, tcp: readonly WorkloadPort[]): WorkloadPort[] {
  const shared = httpSharedFields(rule).length > 0;
  const ops = operationsOf(rule);
  if (ops.length === 0) return shared ? [...tcp] : [];
  const out = new Set<WorkloadPort>();
  for (const op of ops) {
    if (!shared && httpOperationFields(op).length === 0) continue;
    const ports = strings(op.ports).map(Number);
    const notPorts = strings(op.notPorts).map(Number);
    for (const t of tcp) if ((ports.length === 0 || ports.includes(t.port)) && !notPorts.includes(t.port)) out.add(t);
  }
  return tcp.filter((t) => out.has(t));
}
