// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, operationsOf, rulesOf, strings } from '../authz/authz-helpers';
import { workloadPorts } from './port-protocols';
import { type Attachment, actionOf, authorizationPolicies, listOf, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 18 (§b3, istio.io normalization page): `methods` is an exact match
 * on `:method`; requests with a lower-case verb are rejected with 400 before authorization, and
 * every gRPC call is a POST.
 */
export const UPPER_CASE_METHODS: MeshRule = {
  id: 'MESH-SEM-13',
  title: 'Policy methods are upper-case HTTP verbs, and POST for gRPC servers',
  rationale: '`methods` and `notMethods` compare the `:method` header exactly. Istio rejects requests whose verb is not upper-case (400) before '
    + 'authorization, so a lower-case value such as `get` never matches a request: an ALLOW rule on it admits nothing, a DENY rule on it '
    + 'denies nothing, and `notMethods: [get]` matches every request. Every gRPC call is an HTTP/2 POST, so on a gRPC server any other method '
    + 'never matches (istio-authz-semantics §b3).',
  fix: 'write methods in upper case (`GET`, `POST`); for gRPC services use `methods: [POST]` and select calls with `paths: [/package.Service/Method]`; '
    + 'the SDK\'s `HttpMethod` constants are upper-case and it refuses non-POST methods on gRPC-only services',
  severity: 'error',
  recommendations: ['APE-SR-2'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const rules = rulesOf(p);
      const methods = rules.flatMap((r, i) => methodFields(r).map((m) => ({ i, ...m })));
      if (methods.length === 0) continue;
      const where = `${actionOf(p)} ${describeRef(p.ref)}`;
      const problems: string[] = [];
      for (const m of methods) {
        const lower = m.values.filter((v) => v !== '*' && v !== v.toUpperCase());
        if (lower.length > 0) problems.push(`rule ${m.i} ${m.field} ${JSON.stringify(lower)} is not upper-case, so it matches no request`);
      }
      const grpc = grpcServers(inventory, selectorAttachments(inventory, p));
      if (grpc.length > 0) {
        for (const m of methods) {
          const other = m.values.filter((v) => v !== '*' && v.toUpperCase() !== 'POST' && v === v.toUpperCase());
          if (m.field === 'methods' && other.length > 0 && !m.values.some((v) => v === '*' || v.toUpperCase() === 'POST')) {
            problems.push(`rule ${m.i} methods ${JSON.stringify(other)} never match at gRPC server${grpc.length === 1 ? '' : 's'} ${listOf(grpc)}, where every call is a POST`);
          }
        }
      }
      out.push(problems.length > 0
        ? violation(p.ref, `${where}: ${problems.join('; ')}; expected upper-case HTTP verbs (POST for gRPC)`)
        : compliant(p.ref, `${where} names upper-case HTTP verbs only`));
    }
    return out;
  },
};

function methodFields(rule: Json): { field: string; values: string[] }[] {
  return operationsOf(rule).flatMap((op) => ['methods', 'notMethods'].flatMap((field) => {
    const values = strings(op[field]);
    return values.length > 0 ? [{ field, values }] : [];
  }));
}

/** The attached workloads that only serve gRPC: proxyless gRPC servers, and sidecar workloads whose every declared port is gRPC. */
function grpcServers(inventory: Inventory, attached: readonly Attachment[]): string[] {
  return attached.filter((a) => {
    if (a.kind === 'proxyless') return true;
    if (a.kind !== 'sidecar') return false;
    const ports = inventory.servicesOf(a.workload).flatMap((s) => s.ports);
    return ports.length > 0 && workloadPorts(inventory, a.workload).length > 0
      && ports.every((p) => (p.appProtocol ?? (p.name ?? '').split('-')[0]).toLowerCase() === 'grpc');
  }).map((a) => nameOf(a.workload));
}
