// SPDX-License-Identifier: Apache-2.0
/**
 * Whether one policy field holds for a request as one enforcement point sees it (semantics
 * §b3): a `values` field holds when any value matches, a `not` field when none does. An
 * attribute the point does not have (no peer certificate, no validated token, a TCP
 * connection) matches no value, so positive fields fail and `not` fields hold — which is how
 * `notNamespaces` admits plaintext (ISTIO-SECURITY-2021-004).
 */
import { blockContains, parseIpBlock } from './ip-match';
import type { FieldMatch } from './policy-model';
import { type StringPattern, pathPattern, sidecarNamespacePattern, stringPattern } from './string-match';
import type { RequestJwt } from './types';

/**
 * How an enforcement point matches: Envoy (sidecar, gateway, waypoint), ztunnel (its own
 * matcher: plain string matches on the namespace, no trust-domain aliases, semantics §b6) or
 * proxyless gRPC (Envoy's translation, but metadata matchers — the JWT fields — never match, §b7).
 */
export type Flavor = 'envoy' | 'ztunnel' | 'proxyless';

/** The peer's mTLS identity, `<trust domain>/ns/<ns>/sa/<sa>` without `spiffe://`. */
export interface PeerIdentity {
  readonly principal: string;
  readonly trustDomain: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

/** The HTTP request as a proxy matches it. */
export interface HttpView {
  readonly method: string;
  /** Normalized, without the query string. */
  readonly path: string;
  /** `:authority` as sent. */
  readonly host: string;
  /** Lower-case names. */
  readonly headers: ReadonlyMap<string, string>;
}

/** A request as one enforcement point sees it. */
export interface HopView {
  readonly flavor: Flavor;
  /** Undefined for a plaintext peer. */
  readonly peer?: PeerIdentity;
  /** The direct peer's address, when known. */
  readonly sourceIp?: string;
  /** The container port. */
  readonly destinationPort: number;
  /** Undefined on a TCP connection. */
  readonly http?: HttpView;
  /** The token, only when a RequestAuthentication at this point validated it. */
  readonly jwt?: RequestJwt;
  /** The trust domain and its aliases (first is the mesh's own). */
  readonly trustDomains: readonly string[];
}

type ValueTest = (view: HopView) => boolean;

const cache = new WeakMap<FieldMatch, Map<string, ValueTest[]>>();

/** Whether the field holds. */
export function fieldHolds(field: FieldMatch, view: HopView): boolean {
  const any = testsFor(field, view).some((t) => t(view));
  return field.negated ? !any : any;
}

/** The request's value of the field's attribute, for reasons (`got …`). */
export function actualOf(field: FieldMatch, view: HopView): string {
  switch (field.attribute) {
    case 'source.principal':
    case 'source.namespace':
    case 'source.serviceAccount':
    case 'source.trustDomain':
      return view.peer ? view.peer.principal : 'a plaintext peer (no mTLS identity)';
    case 'source.ip':
    case 'remote.ip':
      return view.sourceIp ?? 'an unknown source address';
    case 'request.auth.principal':
    case 'request.auth.audiences':
    case 'request.auth.presenter':
    case 'request.auth.claims':
      if (view.flavor === 'proxyless') return 'proxyless gRPC, where JWT matchers never match';
      if (!view.jwt) return 'no validated token';
      if (field.attribute === 'request.auth.principal') return `${view.jwt.iss}/${view.jwt.sub}`;
      if (field.attribute === 'request.auth.audiences') return `aud [${(view.jwt.aud ?? []).join(', ')}]`;
      return JSON.stringify(field.attribute === 'request.auth.presenter' ? view.jwt.claims?.azp ?? null : claimAt(view.jwt, field.arg ?? []) ?? null);
    case 'request.headers':
      return view.http ? JSON.stringify(view.http.headers.get(field.arg?.[0] ?? '') ?? null) : 'a TCP connection';
    case 'host':
      return view.http ? view.http.host : 'a TCP connection';
    case 'method':
      return view.http ? view.http.method : 'a TCP connection';
    case 'path':
      return view.http ? view.http.path : 'a TCP connection';
    case 'destination.port':
      return String(view.destinationPort);
    default:
      return `${field.attribute} (not known offline)`;
  }
}

function testsFor(field: FieldMatch, view: HopView): ValueTest[] {
  const key = `${view.flavor}|${view.trustDomains.join(',')}`;
  let byKey = cache.get(field);
  if (!byKey) cache.set(field, (byKey = new Map()));
  let tests = byKey.get(key);
  if (!tests) byKey.set(key, (tests = compile(field, view.flavor, view.trustDomains)));
  return tests;
}

function compile(field: FieldMatch, flavor: Flavor, trustDomains: readonly string[]): ValueTest[] {
  const jwtOff = flavor === 'proxyless';
  switch (field.attribute) {
    case 'source.principal': {
      const values = flavor === 'ztunnel' ? field.values : field.values.flatMap((v) => withTrustDomainAliases(v, trustDomains));
      return values.map((v) => stringPattern(v)).map((p) => (view) => p.test(view.peer?.principal));
    }
    case 'source.namespace':
      if (flavor === 'ztunnel') return field.values.map((v) => stringPattern(v)).map((p) => (view) => p.test(view.peer?.namespace));
      return field.values.map(sidecarNamespacePattern).map((p) => (view) => p.test(view.peer?.principal));
    case 'source.serviceAccount':
      return field.values.map((v) => {
        const [ns, sa] = [v.slice(0, v.indexOf('/')), v.slice(v.indexOf('/') + 1)];
        return (view) => view.peer !== undefined && view.peer.namespace === ns && view.peer.serviceAccount === sa;
      });
    case 'source.trustDomain':
      return field.values.map((v) => (view) => view.peer !== undefined && (v === '*' || view.peer.trustDomain === v));
    case 'source.ip':
    case 'remote.ip':
      return field.values.map(parseIpBlock).map((b) => (view) => b !== undefined && view.sourceIp !== undefined && blockContains(b, view.sourceIp));
    case 'request.auth.principal':
      return field.values.map(requestPrincipalTest).map((t) => (view) => !jwtOff && view.jwt !== undefined && t(view.jwt.iss, view.jwt.sub));
    case 'request.auth.audiences':
      return field.values.map((v) => stringPattern(v)).map((p) => (view) => !jwtOff && (view.jwt?.aud ?? []).some((a) => p.test(a)));
    case 'request.auth.presenter':
      return field.values.map((v) => stringPattern(v)).map((p) => (view) => !jwtOff && claimMatches(view.jwt?.claims?.azp, p));
    case 'request.auth.claims':
      return field.values.map((v) => stringPattern(v)).map((p) => (view) => !jwtOff && view.jwt !== undefined && claimMatches(claimAt(view.jwt, field.arg ?? []), p));
    case 'request.headers':
      return field.values.map((v) => stringPattern(v)).map((p) => (view) => p.test(view.http?.headers.get(field.arg?.[0] ?? '')));
    case 'host':
      return field.values.map((v) => stringPattern(v, { ignoreCase: true })).map((p) => (view) => p.test(view.http?.host));
    case 'method':
      return field.values.map((v) => stringPattern(v)).map((p) => (view) => p.test(view.http?.method));
    case 'path':
      return field.values.map(pathPattern).map((p) => (view) => p.test(view.http?.path));
    case 'destination.port':
      return field.values.map((v) => (view) => /^\d+$/.test(v) && Number(v) === view.destinationPort);
    default:
      // destination.ip, connection.sni, experimental.envoy.filters.*: not known offline.
      return field.values.map(() => () => false);
  }
}

/**
 * `requestPrincipals` (model/generator.go `requestPrincipalGenerator`): split at the last `/`
 * into issuer and subject; `*` is any token; `*x` is a suffix on the issuer (or on the subject
 * when there is no `/`); `x*` a prefix on the subject (or on the issuer when there is no `/`).
 */
function requestPrincipalTest(value: string): (iss: string, sub: string) => boolean {
  const any = (s: string) => s !== '';
  const idx = value.lastIndexOf('/');
  const found = idx >= 0;
  const iss = found ? value.slice(0, idx) : value;
  const sub = found ? value.slice(idx + 1) : '';
  if (value === '*') return (i, s) => any(i) && any(s);
  if (value.startsWith('*')) {
    if (found) return (i, s) => (iss === '*' ? any(i) : i.endsWith(iss.slice(1))) && s === sub;
    return (i, s) => any(i) && s.endsWith(value.slice(1));
  }
  if (value.endsWith('*')) {
    if (found) return (i, s) => i === iss && (sub === '*' ? any(s) : s.startsWith(sub.slice(0, -1)));
    return (i, s) => i.startsWith(value.slice(0, -1)) && any(s);
  }
  return (i, s) => i === iss && s === sub;
}

/**
 * `cluster.local/…` and any alias stand for the mesh's trust domain and all its aliases
 * (trustdomain.Bundle `ReplaceTrustDomainAliases`, semantics §b3).
 */
function withTrustDomainAliases(value: string, trustDomains: readonly string[]): string[] {
  if (value.startsWith('*')) return [value];
  const slash = value.indexOf('/');
  if (slash <= 0) return [value];
  const td = value.slice(0, slash);
  if (td !== 'cluster.local' && !trustDomains.includes(td)) return [value];
  return [...new Set(trustDomains.map((t) => `${t}${value.slice(slash)}`))];
}

/** A nested claim (`request.auth.claims[a][b]`). */
function claimAt(jwt: RequestJwt, path: readonly string[]): unknown {
  let cur: unknown = { iss: jwt.iss, sub: jwt.sub, ...(jwt.aud ? { aud: jwt.aud } : {}), ...(jwt.claims ?? {}) };
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** A string claim must match; a list claim must contain a matching string (semantics §b3). */
function claimMatches(claim: unknown, p: StringPattern): boolean {
  if (typeof claim === 'string') return p.test(claim);
  if (Array.isArray(claim)) return claim.some((c) => typeof c === 'string' && p.test(c));
  return false;
}
