// SPDX-License-Identifier: Apache-2.0
/**
 * The access matrix (issue 7): who can reach whom, per source identity × destination Service
 * × port, with the methods, paths and JWT conditions under which it is allowed.
 *
 * The engine decides; the matrix only chooses what to ask. ALLOW rules are indexed by the
 * rows their sources can match and by the Services they may apply to, and only those pairs
 * are probed, with requests built from the granting rules' operations. Every destination port
 * is also probed for any authenticated peer and for plaintext peers with an unconstrained
 * request, which finds the destinations no ALLOW policy guards (semantics §b2: no ALLOW
 * policy ⇒ allow), except sidecars under a namespace-wide ALLOW policy, which only the
 * indexed rules can open. A condition is kept only when the engine allows its probe (and the
 * requests that vary what it leaves open).
 *
 * Rows: a principal a rule names (`<td>/ns/<ns>/sa/<sa>`), a namespace (`<td>/ns/<ns>/sa/*`),
 * another principal pattern as written, `*` (any authenticated peer: probed as an identity no
 * rule names) and `plaintext`. A rule's grant shows in the row of the source it names, not
 * repeated in every row it would also admit.
 */
import type { Inventory } from '../inventory';
import { apiGroup, arrayOf, objectOf } from '../manifest-object';
import { AuthzInputError } from './authz-input-error';
import { MatrixIdentities, trustDomainOf } from './matrix-identities';
import { type MatrixGrant, MatrixIndex } from './matrix-index';
import { compareDestinations, compareStrings } from './matrix-order';
import { ANY_PEER, PLAINTEXT, type PolicyRule, type SourceClause, istioMatch } from './matrix-policy';
import { type Probe, type ProbeContext, type ProbeRequest, anyRequest, portCovered, probesOf } from './matrix-probes';
import { type MatrixPort, type MatrixTarget, matrixTargets } from './matrix-targets';
import { MeshTopology } from './mesh-topology';
import type { AccessDecision, AccessMatrix, AccessRequest, MatrixCell, MatrixDestination, MatrixSource, RequestJwt } from './types';

/** What the matrix needs from the engine: a decision per request. */
export interface AccessDecider {
  decide(request: AccessRequest): AccessDecision;
}

/** Options of the access matrix. */
export interface AccessMatrixOptions {
  /**
   * The mesh's trust domain; pass the engine's.
   * @default - MeshConfig `trustDomain`, else the one the policies name most, else `cluster.local`
   */
  readonly trustDomain?: string;
}

/** Who can reach whom in `inventory`, as `engine` decides it. Deterministic and sorted. */
export function accessMatrix(engine: AccessDecider, inventory: Inventory, options: AccessMatrixOptions = {}): AccessMatrix {
  const trustDomain = options.trustDomain ?? trustDomainOf(inventory);
  const topology = new MeshTopology(inventory, trustDomain);
  const targets = matrixTargets(inventory, topology);
  const identities = MatrixIdentities.of(inventory, trustDomain);
  const index = MatrixIndex.build(inventory, topology, targets, trustDomain);
  const tokens = tokensByNamespace(inventory);
  const builder = new CellBuilder(engine, index, identities, trustDomain, inventory);
  const destinations: MatrixDestination[] = [];

  const contexts = new Map<string, { http: ProbeContext; tcp: ProbeContext }>();
  const cache = new ProbeCache();
  for (const t of targets) {
    const perRow = index.grants.get(t.key) ?? new Map<string, MatrixGrant[]>();
    const guarded = index.certainlyGuarded(t);
    let ctxs = contexts.get(t.service.namespace);
    if (!ctxs) {
      const token = tokenContext(tokens, t.service.namespace, inventory.rootNamespace);
      contexts.set(t.service.namespace, (ctxs = { http: { http: true, ...token }, tcp: { http: false, ...token } }));
    }
    for (const p of t.ports) {
      const destination = { service: t.service.name, namespace: t.service.namespace, port: p.port, protocol: p.protocol };
      destinations.push(destination);
      const ctx = p.http ? ctxs.http : ctxs.tcp;
      for (const row of guarded ? perRow.keys() : new Set([ANY_PEER, PLAINTEXT, ...perRow.keys()])) {
        const probes: Probe[] = (row === ANY_PEER || row === PLAINTEXT) ? [cache.anyRequest(ctx)] : [];
        for (const { rule, clause } of perRow.get(row) ?? []) {
          for (const op of rule.to) if (portCovered(op, rule.when, p)) probes.push(...cache.probes(rule, clause, op, ctx));
        }
        if (probes.length > 0) builder.probe(row, t, destination, p, ctx, probes);
      }
    }
  }

  const cells = builder.cells().sort(compareCells);
  const rows = new Set<string>([ANY_PEER, PLAINTEXT, ...index.rows, ...identities.principals(), ...cells.map((c) => c.source)]);
  const sources: MatrixSource[] = [...rows].sort(compareStrings).map((principal) => ({ principal, workloads: identities.workloadsOf(principal) }));
  return { sources, destinations: destinations.sort(compareDestinations), cells };
}

/** Probes by rule alternative and context: the same alternative serves every row it names. */
class ProbeCache {
  private readonly byOp = new Map<object, Map<object, Map<ProbeContext, Probe[]>>>();
  private readonly any = new Map<ProbeContext, Probe>();

  public probes(rule: PolicyRule, clause: SourceClause, op: Readonly<Record<string, unknown>>, ctx: ProbeContext): Probe[] {
    let byClause = this.byOp.get(op);
    if (!byClause) this.byOp.set(op, (byClause = new Map()));
    let byCtx = byClause.get(clause);
    if (!byCtx) byClause.set(clause, (byCtx = new Map()));
    let list = byCtx.get(ctx);
    if (!list) byCtx.set(ctx, (list = probesOf(rule, clause, op, ctx)));
    return list;
  }

  public anyRequest(ctx: ProbeContext): Probe {
    let p = this.any.get(ctx);
    if (!p) this.any.set(ctx, (p = anyRequest(ctx)));
    return p;
  }
}

interface CellState {
  readonly source: string;
  readonly destination: MatrixDestination;
  always: boolean;
  readonly conditions: Set<string>;
  readonly rules: Set<string>;
  readonly exceptions: Set<string>;
}

/** Asks the engine and accumulates the allowed conditions per cell. */
class CellBuilder {
  private readonly state = new Map<string, CellState>();
  private readonly principals = new Map<string, string | null>();
  private readonly issuerCache = new Map<string, { issuer: string; audiences: string[] }[]>();

  constructor(private readonly engine: AccessDecider, private readonly index: MatrixIndex, private readonly identities: MatrixIdentities, private readonly trustDomain: string, private readonly inventory: Inventory) {}

  /** Asks about each probe of `row` → (`service`, `port`) and records the allowed ones. */
  public probe(row: string, target: MatrixTarget, destination: MatrixDestination, port: MatrixPort, ctx: ProbeContext, probes: readonly Probe[]): void {
    const asked = new Map<string, AccessDecision>();
    const ask = (probe: ProbeRequest) => {
      let d = asked.get(probe.key);
      if (!d) {
        const request = this.request(row, target, destination, probe);
        d = request === undefined ? NOT_ASKED : this.decide(request);
        asked.set(probe.key, d);
      }
      return d;
    };
    const key = `${row}\u0000${destination.namespace}/${destination.service}:${destination.port}`;
    let cell = this.state.get(key);
    const seen = new Set<Probe>();
    // A rule alternative the engine allowed by that very rule proves its other requests (see MatrixIndex.sameVerdict).
    const proven = new Map<string, AccessDecision>();
    const same = (p: ProbeRequest) => this.index.sameVerdict(target, p.http);
    for (const probe of probes) {
      if (seen.has(probe)) continue;
      seen.add(probe);
      let decision = probe.group !== undefined && same(probe) && probe.also.every(same) ? proven.get(probe.group) : undefined;
      if (!decision) {
        decision = ask(probe);
        if (decision.decision !== 'ALLOW' && probe.jwt === undefined && probe.http !== undefined) {
          // A token the destination validates may be all that is missing (a DENY on requests
          // without one, semantics §b3 notRequestPrincipals): ask again with one per issuer.
          const withToken = this.tokenProbes(target, probe).map((p) => ({ p, d: ask(p) })).find((x) => x.d.decision === 'ALLOW');
          if (withToken) {
            if (!cell) this.state.set(key, (cell = { source: row, destination, always: false, conditions: new Set(), rules: new Set(), exceptions: new Set() }));
            cell.conditions.add(withToken.p.condition);
            for (const step of withToken.d.chain) if (step.decision === 'ALLOW' && step.rule !== undefined) cell.rules.add(step.rule);
            continue;
          }
        }
        if (decision.decision !== 'ALLOW') continue;
        const byOwnRule = probe.rule !== undefined && decision.chain.some((s) => s.decision === 'ALLOW' && s.rule === probe.rule);
        if (probe.also.some((other) => !(byOwnRule && same(other)) && ask(other).decision !== 'ALLOW')) continue;
        if (byOwnRule && probe.group !== undefined) proven.set(probe.group, decision);
      }
      if (!cell) this.state.set(key, (cell = { source: row, destination, always: false, conditions: new Set(), rules: new Set(), exceptions: new Set() }));
      cell.conditions.add(probe.condition);
      for (const step of decision.chain) if (step.decision === 'ALLOW' && step.rule !== undefined) cell.rules.add(step.rule);
      if (probe.unconstrained && !cell.always) {
        cell.always = true;
        this.denyExceptions(row, target.key, port, ctx, ask).forEach((e) => cell!.exceptions.add(e));
      }
    }
  }

  /** The probe again with a token of each issuer a RequestAuthentication of the target's workload accepts. */
  private tokenProbes(target: MatrixTarget, probe: Probe): Probe[] {
    return this.issuers(target).map((iss) => {
      const jwt: RequestJwt = { iss: iss.issuer, sub: 'any-user', ...(iss.audiences.length > 0 ? { aud: [iss.audiences[0]] } : {}) };
      const condition = `${probe.condition} with jwt iss=${iss.issuer}${iss.audiences.length > 0 ? ` aud=${iss.audiences[0]}` : ''}`;
      return { ...probe, jwt, condition, key: `${probe.key}\u0000${JSON.stringify(jwt)}`, also: [], group: undefined, unconstrained: false } as Probe;
    });
  }

  private issuers(target: MatrixTarget): { issuer: string; audiences: string[] }[] {
    const cached = this.issuerCache.get(target.key);
    if (cached) return cached;
    const e = target.endpoint;
    const out = new Map<string, string[]>();
    for (const ra of this.inventory.ofKind('RequestAuthentication', 'security.istio.io')) {
      if (!this.inventory.workloadsSelectedBy(ra).some((w) => w.namespace === e.namespace && w.name === e.name)) continue;
      for (const rule of arrayOf(objectOf(ra.object.spec).jwtRules).map(objectOf)) {
        if (typeof rule.issuer === 'string' && !out.has(rule.issuer)) out.set(rule.issuer, arrayOf(rule.audiences).map(String));
      }
    }
    const list = [...out.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([issuer, audiences]) => ({ issuer, audiences }));
    this.issuerCache.set(target.key, list);
    return list;
  }

  /** The cells with at least one allowed condition. */
  public cells(): MatrixCell[] {
    return [...this.state.values()].map((c) => {
      const always = c.always && c.exceptions.size === 0;
      const conditions = always ? ['any request']
        : c.always ? [`any request except ${[...c.exceptions].sort(compareStrings).join('; ')}`, ...[...c.conditions].filter((x) => x !== 'any request')]
          : [...c.conditions];
      return { source: c.source, destination: c.destination, access: always ? 'always' : 'conditional', conditions: [...new Set(conditions)].sort(compareStrings), rules: [...c.rules].sort(compareStrings) };
    });
  }

  /**
   * Requests an unconstrained grant does not cover because a DENY rule with L7 conditions
   * denies them (semantics §b2: DENY before ALLOW): each DENY alternative that may match the
   * row is probed, and kept when the engine denies it by that very rule.
   */
  private denyExceptions(row: string, target: string, port: MatrixPort, ctx: ProbeContext, ask: (p: ProbeRequest) => AccessDecision): string[] {
    const out: string[] = [];
    for (const rule of this.index.denies.get(target) ?? []) {
      for (const clause of rule.from) {
        if (!clause.keys.some((k) => rowMatchesKey(row, k))) continue;
        for (const op of rule.to) {
          if (!portCovered(op, rule.when, port)) continue;
          for (const probe of probesOf(rule, clause, op, ctx)) {
            if (probe.unconstrained) continue;
            if (ask(probe).chain.some((s) => s.decision === 'DENY' && s.rule === rule.name)) out.push(probe.condition);
          }
        }
      }
    }
    return out;
  }

  /** The engine's decision; a request it rejects as bad input (odd YAML it cannot route) allows nothing. */
  private decide(request: AccessRequest): AccessDecision {
    try {
      return this.engine.decide(request);
    } catch (e) {
      if (AuthzInputError.isAuthzInputError(e)) return NOT_ASKED;
      throw e;
    }
  }

  /**
   * The request of a probe. The source presents the row's identity; at a Cilium node proxy,
   * which selects peers by pod labels rather than by identity, it is the row's first workload.
   */
  private request(row: string, target: MatrixTarget, destination: MatrixDestination, probe: ProbeRequest): AccessRequest | undefined {
    const ip = probe.ip ? { ip: probe.ip } : {};
    const principal = row === PLAINTEXT ? undefined : this.principalOf(row);
    if (principal === null) return undefined;
    const workload = target.endpoint.kind === 'sharedNode' && principal === row ? this.identities.workloadsOf(row)[0] : undefined;
    const source = principal === undefined ? { plaintext: true, ...ip } : workload !== undefined ? { workload, ...ip } : { principal, ...ip };
    return {
      id: 'matrix',
      source,
      destination: { service: destination.service, namespace: destination.namespace, port: destination.port },
      ...(probe.http ? { http: probe.http } : {}),
      ...(probe.jwt ? { jwt: probe.jwt } : {}),
    };
  }

  /**
   * The identity a row's probes present: the row itself when it is one
   * (`<td>/ns/<ns>/sa/<sa>`, also with `*` standing for an unnamed namespace or account), an
   * identity the row's pattern matches otherwise; `null` when there is none.
   */
  private principalOf(row: string): string | null {
    if (row === ANY_PEER) return `${this.trustDomain}/ns/*/sa/*`;
    let p = this.principals.get(row);
    if (p === undefined) {
      const candidates = IDENTITY.test(row) ? [row] : [
        row.replace(/\*/g, 'probe'),
        ...[`${this.trustDomain}/ns/probe/sa/probe`, `${this.trustDomain}/ns/probe`, `${this.trustDomain}/ns/`, this.trustDomain, `${this.trustDomain}/`].map((head) => `${head}${row.replace(/^\*/, '')}`),
        ...['probe', '/ns/probe/sa/probe', 'ns/probe/sa/probe', '/sa/probe', 'sa/probe'].map((tail) => `${row.replace(/\*$/, '')}${tail}`),
      ];
      p = candidates.find((c) => IDENTITY.test(c) && istioMatch(row, c)) ?? null;
      this.principals.set(row, p);
    }
    return p;
  }
}

/** A SPIFFE identity without `spiffe://`, as the engine takes it. */
const IDENTITY = /^[^/]+\/ns\/[^/]+\/sa\/[^/]+$/;

/** The decision recorded for a probe that could not be asked (a row without a representative identity). */
const NOT_ASKED: AccessDecision = { id: 'matrix', decision: 'DENY', chain: [] };

/** Whether a rule source keyed `key` may match the peers of `row`. */
function rowMatchesKey(row: string, key: string): boolean {
  if (key === row) return true;
  if (row === PLAINTEXT || key === PLAINTEXT) return false;
  if (key === ANY_PEER) return true;
  return row !== ANY_PEER && key.includes('*') && istioMatch(key, row);
}

/** The issuers (sorted) and an audience of each that the RequestAuthentications of each namespace accept. */
function tokensByNamespace(inventory: Inventory): Map<string, Map<string, string | undefined>> {
  const out = new Map<string, Map<string, string | undefined>>();
  for (const e of inventory.ofKind('RequestAuthentication')) {
    if (apiGroup(e.ref.apiVersion) !== 'security.istio.io') continue;
    const ns = e.ref.namespace ?? 'default';
    let map = out.get(ns);
    if (!map) out.set(ns, (map = new Map()));
    for (const r of arrayOf(objectOf(e.object.spec).jwtRules).map(objectOf)) {
      if (typeof r.issuer !== 'string' || r.issuer === '') continue;
      const audience = arrayOf(r.audiences).filter((a): a is string => typeof a === 'string' && a !== '').sort(compareStrings)[0];
      const known = map.get(r.issuer);
      if (!map.has(r.issuer) || (audience !== undefined && (known === undefined || audience < known))) map.set(r.issuer, audience);
    }
  }
  return out;
}

/** The token context of a destination: its namespace's RequestAuthentications first, then the root namespace's. */
function tokenContext(tokens: Map<string, Map<string, string | undefined>>, namespace: string, root: string): { issuer: string; audiences: Map<string, string> } {
  const audiences = new Map<string, string>();
  let issuer: string | undefined;
  for (const ns of [namespace, root]) {
    const map = tokens.get(ns);
    if (!map) continue;
    for (const [iss, aud] of [...map].sort(([a], [b]) => compareStrings(a, b))) {
      issuer ??= iss;
      if (aud !== undefined && !audiences.has(iss)) audiences.set(iss, aud);
    }
  }
  return { issuer: issuer ?? 'https://issuer.example', audiences };
}

function compareCells(a: MatrixCell, b: MatrixCell): number {
  return compareStrings(a.source, b.source) || compareDestinations(a.destination, b.destination);
}
