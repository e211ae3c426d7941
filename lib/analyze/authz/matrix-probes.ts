// SPDX-License-Identifier: Apache-2.0
/**
 * Probe requests built from one alternative of an AuthorizationPolicy rule (a `from` source
 * × a `to` operation × the rule's `when`): a concrete method, a path matching each path
 * pattern, hosts, headers and a JWT satisfying `requestPrincipals` and `request.auth.*`
 * (semantics §b3 attribute table), each with the condition text a reader sees in the matrix.
 * The engine decides every probe; nothing here decides access.
 */
import { describeAddresses, describeHead, describeHeaders, describeHosts, describeJwt, describeOther } from './matrix-conditions';
import { type PolicyRule, type SourceClause, type ValueMatch, type WhenCondition, satisfies, valueMatch } from './matrix-policy';
import type { RequestHttp, RequestJwt } from './types';

/** One request to ask the engine about. */
export interface ProbeRequest {
  readonly http?: RequestHttp;
  readonly jwt?: RequestJwt;
  readonly ip?: string;
  /** Identity of the request, to ask the engine once per distinct request. */
  readonly key: string;
}

/** A request and what it stands for. */
export interface Probe extends ProbeRequest {
  /** The condition text, e.g. `GET /cart/*`, `POST /charge with jwt iss=https://idp scope=pay`, `any request`. */
  readonly condition: string;
  /** No constraint at all (`any request`): when the engine allows it, access is `always`. */
  readonly unconstrained: boolean;
  /**
   * Requests that vary what the condition leaves open (another method when any method is
   * meant, another path when any path is): one request allowed proves nothing about the
   * others, so the condition holds only when the engine allows these too.
   */
  readonly also: readonly ProbeRequest[];
  /** The rule the probe was built from, `ns[..]-policy[..]-rule[..]`. */
  readonly rule?: string;
  /** Probes of one rule alternative with the same source and token (they differ in method, path or host). */
  readonly group?: string;
}

/** What probes need to know about the destination. */
export interface ProbeContext {
  /** Whether the port carries HTTP (else only L4 attributes can be probed). */
  readonly http: boolean;
  /** An issuer to put in tokens whose issuer no rule fixes (`requestPrincipals: ["*"]`). */
  readonly issuer: string;
  /** An audience the destination's RequestAuthentications accept, per issuer (a token they reject never reaches the policies). */
  readonly audiences: ReadonlyMap<string, string>;
}

/** At most this many probes per rule alternative (methods × paths × hosts × token principals). */
const MAX_VARIANTS = 64;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const FILLER = 'probe';

/** Another path, for conditions that leave the path open. */
const OTHER_PATHS = [`/zz-any/${FILLER}`, `/${FILLER}-any`, `/zz-any`];

/** The requests that stand for any request on a port (`any request`). */
export function anyRequest(ctx: ProbeContext): Probe {
  if (!ctx.http) return { condition: 'any request', unconstrained: true, key: keyOf(undefined, undefined, undefined), also: [] };
  const http = { method: 'GET', path: '/' };
  const also = [{ method: 'PATCH', path: '/' }, { method: 'GET', path: OTHER_PATHS[0] }].map((h) => ({ http: h, key: keyOf(h, undefined, undefined) }));
  return { http, condition: 'any request', unconstrained: true, key: keyOf(http, undefined, undefined), also };
}

/** The parsed fields of an operation, a source and a rule's `when` (each read once). */
interface OperationFields {
  readonly methods: ValueMatch;
  readonly paths: ValueMatch;
  readonly hosts: ValueMatch;
  readonly ports: ValueMatch;
}

interface SourceFields {
  readonly principals: ValueMatch;
  readonly ip: ValueMatch;
  readonly remote: ValueMatch;
}

interface WhenFields {
  readonly principals: ValueMatch;
  readonly ip: ValueMatch;
  readonly remote: ValueMatch;
  readonly ports: ValueMatch;
  /** Required headers; undefined when unsatisfiable. */
  readonly headers: Record<string, string> | undefined;
  /** Token audiences and claims; null when unsatisfiable. */
  readonly jwt: JwtFields | null;
  /** Condition text of headers and of keys probes cannot express. */
  readonly text: readonly string[];
  /** Whether a key is HTTP-only (`request.*`). */
  readonly httpOnly: boolean;
}

let nextGroup = 0;
const OPERATIONS = new WeakMap<object, OperationFields>();
const SOURCES = new WeakMap<object, SourceFields>();
const WHENS = new WeakMap<object, WhenFields>();
const EMPTY_SOURCE = {};

function operationFields(op: Readonly<Record<string, unknown>>): OperationFields {
  let f = OPERATIONS.get(op);
  if (!f) {
    f = { methods: valueMatch(op, 'methods', 'notMethods'), paths: valueMatch(op, 'paths', 'notPaths'), hosts: valueMatch(op, 'hosts', 'notHosts'), ports: valueMatch(op, 'ports', 'notPorts') };
    OPERATIONS.set(op, f);
  }
  return f;
}

function sourceFields(source: Readonly<Record<string, unknown>>): SourceFields {
  let f = SOURCES.get(source);
  if (!f) {
    f = {
      principals: valueMatch(source, 'requestPrincipals', 'notRequestPrincipals'),
      ip: valueMatch(source, 'ipBlocks', 'notIpBlocks'),
      remote: valueMatch(source, 'remoteIpBlocks', 'notRemoteIpBlocks'),
    };
    SOURCES.set(source, f);
  }
  return f;
}

function whenFields(when: readonly WhenCondition[]): WhenFields {
  let f = WHENS.get(when);
  if (!f) {
    f = {
      principals: conditionOn(when, 'request.auth.principal'),
      ip: conditionOn(when, 'source.ip'),
      remote: conditionOn(when, 'remote.ip'),
      ports: conditionOn(when, 'destination.port'),
      headers: headersOf(when),
      jwt: jwtFieldsOf(when),
      text: [...describeHeaders(when), ...describeOther(when)],
      httpOnly: when.some((c) => c.key.startsWith('request.')),
    };
    WHENS.set(when, f);
  }
  return f;
}

/** The probes of one rule alternative; empty when no request can satisfy it. */
export function probesOf(rule: PolicyRule, clause: SourceClause | undefined, op: Readonly<Record<string, unknown>>, ctx: ProbeContext): Probe[] {
  const when = rule.when;
  const http = ctx.http;
  const { methods, paths, hosts } = operationFields(op);
  const src = sourceFields(clause?.source ?? EMPTY_SOURCE);
  const w = whenFields(when);
  const principals = merge(src.principals, w.principals);
  const ip = merge(src.ip, w.ip);
  const remote = merge(src.remote, w.remote);
  // On a TCP port an alternative with an HTTP-only attribute yields no probe: an ALLOW rule with one is
  // dropped whole (§b4), and a DENY one widens to the whole port, which the unconstrained probe meets.
  if (!http && (w.httpOnly || [methods, paths, hosts, principals, remote].some((m) => m.values.length > 0 || m.notValues.length > 0))) return [];

  const methodChoices = http ? choices(methods, (m) => (m === '*' ? 'GET' : m), METHODS) : [undefined];
  const pathChoices = http ? choices(paths, concretePath, ['/', `/${FILLER}`, `/z/${FILLER}`], true) : [undefined];
  const hostChoices = http ? choices(hosts, concrete, []) : [undefined];
  const principalChoices = http ? choices(principals, (p) => concretePrincipal(p, ctx.issuer), []) : [undefined];
  if (methodChoices.length === 0 || pathChoices.length === 0 || hostChoices.length === 0 || principalChoices.length === 0) return [];

  const headers = http ? w.headers : {};
  if (headers === undefined) return [];
  const jwtExtras = http ? w.jwt : undefined;
  if (jwtExtras === null) return [];
  const hasHeaders = Object.keys(headers).length > 0;
  const address = ip.values.length > 0 ? firstAddress(ip.values[0]) : undefined;
  const common = [
    ...(http ? describeHosts(hosts) : []),
    ...(http ? w.text : w.text.filter((t) => !t.startsWith('header '))),
    ...describeAddresses(ip, 'from'),
    ...describeAddresses(remote, 'from remote'),
  ];
  const extrasNeedJwt = jwtExtras !== undefined && (jwtExtras.aud.length > 0 || Object.keys(jwtExtras.claims).length > 0);

  const group = `${rule.name}#${nextGroup++}`;
  const out: Probe[] = [];
  for (const m of methodChoices) {
    for (const p of pathChoices) {
      for (const h of hostChoices) {
        for (const rp of principalChoices) {
          if (out.length >= MAX_VARIANTS) break;
          const needsJwt = rp !== undefined || extrasNeedJwt;
          const principal = rp?.value ?? (needsJwt ? concretePrincipal('*', ctx.issuer) : undefined);
          const jwt = needsJwt && principal !== undefined ? toJwt(principal, jwtExtras, ctx) : undefined;
          const request: RequestHttp | undefined = http ? { method: m?.value ?? 'GET', path: p?.value ?? '/', ...(h ? { host: h.value } : {}), ...(hasHeaders ? { headers } : {}) } : undefined;
          const head = describeHead(m?.pattern, methods, p?.pattern, paths);
          const tail = [...(h?.pattern !== undefined ? [`host ${h.pattern}`] : []), ...common, ...(jwt ? [describeJwt(rp?.pattern, when)] : [])];
          const condition = head === undefined ? (tail.length === 0 ? 'any request' : `any request ${tail.join(' ')}`) : [head, ...tail].join(' ');
          const others: RequestHttp[] = [];
          if (request && (m?.pattern === undefined || m.pattern === '*')) {
            const method = METHODS.find((x) => x !== request.method && satisfies(methods, x));
            if (method !== undefined) others.push({ ...request, method });
          }
          if (request && (p?.pattern === undefined || p.pattern === '*')) {
            const path = OTHER_PATHS.find((x) => x !== request.path && satisfies(paths, x, true));
            if (path !== undefined) others.push({ ...request, path });
          }
          const extra = { ...(jwt ? { jwt } : {}), ...(address ? { ip: address } : {}) };
          out.push({
            ...(request ? { http: request } : {}),
            ...extra,
            condition,
            unconstrained: condition === 'any request',
            key: keyOf(request, jwt, address),
            also: others.map((o) => ({ http: o, ...extra, key: keyOf(o, jwt, address) })),
            rule: rule.name,
            group: `${group}#${jwt ? JSON.stringify(jwt) : ''}`,
          });
        }
      }
    }
  }
  return out;
}

/** Whether a Service port is covered by an operation's `ports` and `when destination.port` (target or service port). */
export function portCovered(op: Readonly<Record<string, unknown>>, when: readonly WhenCondition[], port: { port: number; targetPort?: number | string }): boolean {
  const m = merge(operationFields(op).ports, whenFields(when).ports);
  if (m.values.length === 0 && m.notValues.length === 0) return true;
  if (typeof port.targetPort === 'string') return true; // named target port: let the engine decide
  const candidates = [String(port.port), ...(port.targetPort !== undefined ? [String(port.targetPort)] : [])];
  return candidates.some((c) => satisfies(m, c));
}

/**
 * Whether an operation constrains method, path or host and accepts `http` by them: a DENY
 * or CUSTOM rule with such an operation may treat requests that differ only there differently.
 */
export function mayMatchHttp(op: Readonly<Record<string, unknown>>, http: RequestHttp): boolean {
  const { methods, paths, hosts } = operationFields(op);
  const constrained = [methods, paths, hosts].some((m) => m.values.length > 0 || m.notValues.length > 0);
  if (!constrained) return false;
  const hostOk = hosts.values.length === 0 && hosts.notValues.length === 0 ? true
    : http.host === undefined || satisfies({ values: hosts.values.map(lower), notValues: hosts.notValues.map(lower) }, http.host.toLowerCase());
  return satisfies(methods, http.method) && satisfies(paths, http.path, true) && hostOk;
}

function lower(s: string): string {
  return s.toLowerCase();
}

interface Choice {
  /** The pattern the value stands for; absent when the field only has negative values. */
  readonly pattern?: string;
  readonly value: string;
}

/**
 * The variants of one field: a concrete value per positive pattern (avoiding the negative
 * ones); with only negative values, one value from `fallbacks` that avoids them; `undefined`
 * (no constraint) when the field is unset. Empty when nothing satisfies the field.
 */
function choices(m: ValueMatch, make: (p: string) => string, fallbacks: readonly string[], template = false): (Choice | undefined)[] {
  if (m.values.length === 0) {
    if (m.notValues.length === 0 || fallbacks.length === 0) return [undefined];
    const value = fallbacks.find((v) => satisfies(m, v, template));
    return value === undefined ? [] : [{ value }];
  }
  const out: Choice[] = [];
  for (const pattern of m.values) {
    const value = [make(pattern), `${make(pattern)}x`, ...fallbacks].find((v) => satisfies(m, v, template) && (pattern === '*' || istioMatchAny(pattern, v, template)));
    if (value !== undefined) out.push({ pattern, value });
  }
  return out;
}

function istioMatchAny(pattern: string, value: string, template: boolean): boolean {
  return satisfies({ values: [pattern], notValues: [] }, value, template);
}

function merge(a: ValueMatch, b: ValueMatch): ValueMatch {
  if (b.values.length === 0 && b.notValues.length === 0) return a;
  if (a.values.length === 0 && a.notValues.length === 0) return b;
  return { values: a.values.length > 0 ? a.values : b.values, notValues: [...a.notValues, ...b.notValues] };
}

function conditionOn(when: readonly WhenCondition[], key: string): ValueMatch {
  const found = when.filter((w) => w.key === key);
  return { values: found.flatMap((w) => w.values), notValues: found.flatMap((w) => w.notValues) };
}

/** A value matching an Istio string pattern (exact, prefix, suffix, presence). */
function concrete(pattern: string): string {
  if (pattern === '*') return FILLER;
  if (pattern.endsWith('*')) return `${pattern.slice(0, -1)}${FILLER}`;
  if (pattern.startsWith('*')) return `${FILLER}${pattern.slice(1)}`;
  return pattern;
}

/** A path matching a path pattern (also path templates `{*}` / `{**}`). */
function concretePath(pattern: string): string {
  if (pattern.includes('{')) return pattern.replace(/\{\*\*\}/g, `${FILLER}/${FILLER}`).replace(/\{\*\}/g, FILLER);
  if (pattern === '*') return `/${FILLER}`;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return prefix.endsWith('/') ? `${prefix}${FILLER}` : `${prefix}/${FILLER}`;
  }
  if (pattern.startsWith('*')) return `/${FILLER}${pattern.slice(1)}`;
  return pattern;
}

/** A request principal (`iss/sub`) matching a `requestPrincipals` pattern (§b3: split at the last `/`). */
function concretePrincipal(pattern: string, issuer: string): string {
  if (pattern === '*') return `${issuer}/${FILLER}`;
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return prefix.endsWith('/') ? `${prefix}${FILLER}` : `${prefix}/${FILLER}`;
  }
  if (pattern.startsWith('*')) return `${issuer}/${FILLER}${pattern.slice(1).replace(/^\//, '')}`;
  return pattern;
}

/** Headers `request.headers[..]` conditions require; `undefined` when they cannot be satisfied. */
function headersOf(when: readonly WhenCondition[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const w of when) {
    const name = /^request\.headers\[(.+)\]$/.exec(w.key)?.[1];
    if (name === undefined) continue;
    const value = w.values.length > 0 ? concrete(w.values[0]) : FILLER;
    if (!satisfies(w, value)) return undefined;
    out[name.toLowerCase()] = value;
  }
  return out;
}

interface JwtFields {
  readonly aud: string[];
  readonly claims: Record<string, unknown>;
}

/** Audiences, presenter and claims the `when` conditions require; `null` when unsatisfiable. */
function jwtFieldsOf(when: readonly WhenCondition[]): JwtFields | null {
  const aud: string[] = [];
  const claims: Record<string, unknown> = {};
  for (const w of when) {
    if (w.values.length === 0) continue;
    const value = concrete(w.values[0]);
    if (!satisfies(w, value)) return null;
    if (w.key === 'request.auth.audiences') aud.push(value);
    else if (w.key === 'request.auth.presenter') claims.azp = value;
    else if (w.key.startsWith('request.auth.claims[')) {
      const path = [...w.key.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]);
      let at = claims;
      path.slice(0, -1).forEach((k) => (at = (at[k] ??= {}) as Record<string, unknown>));
      at[path[path.length - 1]] = value;
    }
  }
  return { aud, claims };
}

function toJwt(principal: string, extras: JwtFields | undefined, ctx: ProbeContext): RequestJwt {
  const slash = principal.lastIndexOf('/');
  const iss = slash < 0 ? '' : principal.slice(0, slash);
  const accepted = ctx.audiences.get(iss);
  const aud = extras && extras.aud.length > 0 ? extras.aud : accepted !== undefined ? [accepted] : [];
  return {
    iss,
    sub: slash < 0 ? principal : principal.slice(slash + 1),
    ...(aud.length > 0 ? { aud } : {}),
    ...(extras && Object.keys(extras.claims).length > 0 ? { claims: extras.claims } : {}),
  };
}

function firstAddress(block: string): string {
  const [addr] = block.split('/');
  return addr;
}

function keyOf(http: RequestHttp | undefined, jwt: RequestJwt | undefined, ip: string | undefined): string {
  const h = http ? `${http.method} ${http.path} ${http.host ?? ''}${http.headers ? JSON.stringify(http.headers) : ''}` : 'tcp';
  return `${h}\u0000${jwt ? JSON.stringify(jwt) : ''}\u0000${ip ?? ''}`;
}

