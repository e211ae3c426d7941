// SPDX-License-Identifier: Apache-2.0
/**
 * Domain-aware shrinking of a mismatch. fast-check shrinks the raw values, but services and
 * requests refer to each other by index, so removing one service can change what the others
 * refer to and lose the failure. Once a mismatch is found, this greedily removes what does not
 * matter to it — other services, rules, options of rules, service settings — rebuilding the mesh
 * each time and keeping a change only while the engine and the oracle still disagree on the
 * same request. The result is a mesh where every remaining part is needed for the failure.
 */
import { buildMesh } from './build-mesh';
import { EngineCheck, type Comparison } from './engine-check';
import { type MeshIntent, type RequestIntent, type RuleIntent, type ServiceIntent, serviceKey } from './mesh-intent';

const RULE_OPTIONS = ['methods', 'paths', 'excludePaths', 'hosts', 'headers', 'ports', 'endUser', 'dryRun'] as const;

/**
 * Throws when the engine and the oracle disagree on `request`, with the failure shown on the
 * smallest mesh that still shows it (and the size of the mesh it was found on).
 */
export function assertAgreesMinimized(check: EngineCheck, request: RequestIntent, id: string): Comparison {
  const comparison = check.compare(request, id);
  if (comparison.actual.decision === comparison.expected.decision) return comparison;
  const found = minimizeMismatch(check.intent, request);
  const size = (i: MeshIntent) => `${i.services.length} services, ${i.services.reduce((n, s) => n + s.rules.length, 0)} rules`;
  if (!found) throw new Error(check.explain(comparison));
  throw new Error(`${found.check.explain(found.comparison)}\n(minimized from a mesh of ${size(check.intent)} to ${size(found.check.intent)})`);
}

/** The smallest mesh found on which `request` still gets different decisions, with its check and comparison. */
export function minimizeMismatch(intent: MeshIntent, request: RequestIntent): { check: EngineCheck; comparison: Comparison } | undefined {
  let best = attempt(intent, request);
  if (!best) return undefined;
  let current = best.check.intent;
  let changed = true;
  while (changed) {
    changed = false;
    for (const candidate of simplifications(current, request)) {
      const found = attempt(candidate, request);
      if (found) {
        best = found;
        current = found.check.intent;
        changed = true;
        break;
      }
    }
  }
  return best;
}

/** The comparison on `intent` when it still shows the mismatch. */
function attempt(intent: MeshIntent, request: RequestIntent): { check: EngineCheck; comparison: Comparison } | undefined {
  try {
    const built = buildMesh(intent);
    if (!built) return undefined;
    const check = new EngineCheck(built);
    const comparison = check.compare(request);
    return comparison.actual.decision !== comparison.expected.decision ? { check, comparison } : undefined;
  } catch {
    return undefined;
  }
}

/** Smaller variants of `intent`, the biggest cuts first. */
function* simplifications(intent: MeshIntent, request: RequestIntent): Generator<MeshIntent> {
  const keep = new Set([request.destination, ...(request.source.kind === 'workload' ? [request.source.service] : [])]);
  const services = intent.services;
  for (const s of services) {
    if (keep.has(serviceKey(s))) continue;
    const key = serviceKey(s);
    yield withServices(intent, services.filter((x) => x !== s).map((x) => ({ ...x, rules: x.rules.filter((r) => !(r.peer.kind === 'service' && r.peer.service === key)) })));
  }
  for (const [i, s] of services.entries()) {
    for (const [j] of s.rules.entries()) yield replace(intent, i, { ...s, rules: s.rules.filter((_, k) => k !== j) });
    if (s.requireEndUser) yield replace(intent, i, { ...s, requireEndUser: undefined });
    if (s.acceptTokens) yield replace(intent, i, { ...s, acceptTokens: undefined });
    if (s.ports.length > 1) {
      for (const p of s.ports) {
        if (serviceKey(s) === request.destination && p.port === request.port) continue;
        yield replace(intent, i, { ...s, ports: s.ports.filter((x) => x !== p), rules: s.rules.map((r) => withoutPort(r, p.port)) });
      }
    }
    for (const p of s.ports) if (p.targetPort !== undefined) yield replace(intent, i, { ...s, ports: s.ports.map((x) => (x === p ? { port: x.port, protocol: x.protocol } : x)) });
    for (const [j, r] of s.rules.entries()) {
      for (const option of RULE_OPTIONS) {
        if (r[option] === undefined) continue;
        const { [option]: _dropped, ...rest } = r;
        yield replace(intent, i, { ...s, rules: s.rules.map((x, k) => (k === j ? rest : x)) });
      }
    }
  }
  if (intent.audiences) yield { ...intent, audiences: undefined };
  if (intent.trustDomain !== 'cluster.local') yield { ...intent, trustDomain: 'cluster.local' };
}

function withServices(intent: MeshIntent, services: ServiceIntent[]): MeshIntent {
  return { ...intent, services };
}

function replace(intent: MeshIntent, index: number, service: ServiceIntent): MeshIntent {
  return withServices(intent, intent.services.map((s, i) => (i === index ? service : s)));
}

function withoutPort(rule: RuleIntent, port: number): RuleIntent {
  if (!rule.ports) return rule;
  const ports = rule.ports.filter((p) => p !== port);
  if (ports.length > 0) return { ...rule, ports };
  const { ports: _dropped, ...rest } = rule;
  return rest;
}
