// SPDX-License-Identifier: Apache-2.0
/**
 * Requests for a mesh intent: drawn as raw indices (so they shrink independently of the mesh)
 * and resolved against the intent. Sources are the services' workloads (most often), an mTLS
 * principal that runs no service, or a plaintext peer; the destination is a service and one
 * of its ports; HTTP ports get a method and a path from small alphabets that include values
 * the rules match and values they do not (a prefix without its slash, a query string); HTTP
 * requests may carry a token of the mesh issuer with the right, wrong or no claim.
 */
import fc from 'fast-check';
import type { AccessRequest } from '../../../lib/analyze/authz/types';
import { METHODS, NAMESPACES, OUTSIDE_ACCOUNTS, OUTSIDE_NAMESPACE, SUBJECTS } from './intent-arbitrary';
import { type EndUserIntent, type JwtIntent, type MeshIntent, type PeerIntent, type RequestIntent, type SourceIntent, carriesHttp, serviceKey } from './mesh-intent';

/**
 * Request paths: matches of every rule path, near misses, a query string, gRPC methods, and
 * paths that only match after normalization (`//`, dot segments, an encoded slash).
 */
export const REQUEST_PATHS = [
  '/', '/a', '/a/b', '/ab', '/a?x=1', '/admin', '/admin/x', '/b', '/pkg.Svc/Get', '/pkg.Svc/Put',
  '//admin', '/x/../admin', '/a/./b', '/a%2Fb', '/admin/../a',
] as const;

/** Request headers: none, or `x-tenant` with a value some condition matches (name in any case). */
const HEADERS: readonly (Readonly<Record<string, string>> | undefined)[] = [undefined, { 'x-tenant': 'eu' }, { 'X-Tenant': 'us' }, { 'x-tenant': 'eu-west' }];

/** Claims a token may carry: the right or wrong scope, as a string or a list, another claim, none. */
const CLAIMS: readonly (JwtIntent['claims'] | undefined)[] = [
  undefined, { scope: 'read' }, { scope: 'write' }, { scope: ['read', 'write'] }, { scope: 'admin' }, { role: 'read' },
];

/** Token audiences: none, accepted ones, only an unaccepted one, and a mix. */
const AUDS: readonly (readonly string[] | undefined)[] = [undefined, ['api'], ['web'], ['ops'], ['ops', 'api']];

/** A request before it is resolved against a mesh. */
export interface RawRequest {
  readonly source: { readonly kind: SourceIntent['kind']; readonly a: number; readonly b: number };
  readonly destination: number;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  /** 0: the default authority, 1: FQDN with port, 2: short name, 3: another host (upper case). */
  readonly host: number;
  readonly headers: number;
  readonly jwt?: { readonly sub: number; readonly claims: number; readonly aud: number; readonly foreign: boolean };
  /**
   * Aim at rule `source.a` of the destination: the source, port, method and path are taken from
   * the rule where it sets them, so rules match (or nearly match) far more often than at random.
   */
  readonly aim: boolean;
}

/** Raw requests. */
export const rawRequestArb: fc.Arbitrary<RawRequest> = fc.record({
  source: fc.record({
    kind: fc.oneof(
      { weight: 8, arbitrary: fc.constant('workload' as const) },
      { weight: 2, arbitrary: fc.constant('principal' as const) },
      { weight: 1, arbitrary: fc.constant('plaintext' as const) },
    ),
    a: fc.nat(5),
    b: fc.nat(3),
  }),
  destination: fc.nat(5),
  port: fc.nat(2),
  method: fc.constantFrom(...METHODS),
  path: fc.constantFrom(...REQUEST_PATHS),
  host: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  headers: fc.nat(HEADERS.length - 1),
  jwt: fc.option(fc.record({
    sub: fc.nat(SUBJECTS.length - 1),
    claims: fc.nat(CLAIMS.length - 1),
    aud: fc.nat(AUDS.length - 1),
    foreign: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }), { nil: undefined }),
  aim: fc.boolean(),
}, { requiredKeys: ['source', 'destination', 'port', 'method', 'path', 'host', 'headers', 'aim'] });

/** Resolves a raw request against `intent` (indices wrap around). */
export function resolveRequest(intent: MeshIntent, raw: RawRequest): RequestIntent {
  const services = intent.services;
  const dst = services[raw.destination % services.length];
  const rule = raw.aim && dst.rules.length > 0 ? dst.rules[raw.source.a % dst.rules.length] : undefined;
  const ports = rule?.ports ? dst.ports.filter((p) => rule.ports!.includes(p.port)) : dst.ports;
  const port = ports[raw.port % ports.length];
  const http = carriesHttp(port.protocol);
  const claims = raw.jwt ? CLAIMS[raw.jwt.claims] : undefined;
  const method = rule?.methods ? rule.methods[raw.source.b % rule.methods.length] : raw.method;
  const aimedPath = rule?.paths ? rule.paths[raw.port % rule.paths.length] : undefined;
  // A prefix is followed by more of the path half of the time.
  const path = aimedPath ? `${aimedPath.value}${aimedPath.kind === 'prefix' && raw.source.b % 2 === 1 ? 'x/y' : ''}` : raw.path;
  const host = [undefined, `${dst.name}.${dst.namespace}.svc.cluster.local:${port.port}`, dst.name, 'API.example.com'][raw.host];
  const headers = HEADERS[raw.headers];
  return {
    source: rule ? aimedSource(intent, rule.peer, raw.source) : resolveSource(intent, raw.source),
    destination: serviceKey(dst),
    port: port.port,
    ...(http ? { http: { method, path, ...(host ? { host } : {}), ...(headers ? { headers } : {}) } } : {}),
    ...(http && raw.jwt ? { jwt: rule?.endUser && !raw.jwt.foreign ? aimedJwt(intent, rule.endUser, raw.jwt) : jwtOf(raw.jwt, claims) } : {}),
  };
}

function jwtOf(raw: NonNullable<RawRequest['jwt']>, claims: JwtIntent['claims']): JwtIntent {
  const aud = AUDS[raw.aud];
  return { ...(raw.foreign ? { foreign: true } : {}), sub: SUBJECTS[raw.sub], ...(aud ? { aud } : {}), ...(claims ? { claims } : {}) };
}

/** A token that satisfies the end-user condition (the subject drawn when it names none). */
function aimedJwt(intent: MeshIntent, user: EndUserIntent, raw: NonNullable<RawRequest['jwt']>): JwtIntent {
  const aud = user.audience ?? intent.audiences?.[0];
  return {
    sub: user.subject ?? SUBJECTS[raw.sub],
    ...(aud ? { aud: [aud] } : {}),
    ...(user.claim ? { claims: { [user.claim.name]: user.claim.values[raw.claims % user.claim.values.length] } } : {}),
  };
}

/** A source the peer matches (a workload when one does, else a principal). */
function aimedSource(intent: MeshIntent, peer: PeerIntent, s: RawRequest['source']): SourceIntent {
  switch (peer.kind) {
    case 'service': return { kind: 'workload', service: peer.service };
    case 'identity': return { kind: 'principal', namespace: peer.namespace, serviceAccount: peer.serviceAccount };
    case 'namespace': {
      const inside = intent.services.filter((x) => x.namespace === peer.namespace);
      return inside.length > 0 ? { kind: 'workload', service: serviceKey(inside[s.b % inside.length]) } : { kind: 'principal', namespace: peer.namespace, serviceAccount: OUTSIDE_ACCOUNTS[s.b % OUTSIDE_ACCOUNTS.length] };
    }
    default: return resolveSource(intent, s);
  }
}

function resolveSource(intent: MeshIntent, s: RawRequest['source']): SourceIntent {
  if (s.kind === 'workload') return { kind: 'workload', service: serviceKey(intent.services[s.a % intent.services.length]) };
  if (s.kind === 'plaintext') return { kind: 'plaintext' };
  return { kind: 'principal', namespace: s.b === 3 ? OUTSIDE_NAMESPACE : NAMESPACES[s.b], serviceAccount: OUTSIDE_ACCOUNTS[s.a % OUTSIDE_ACCOUNTS.length] };
}

/** The engine's request (DESIGN.md decision 10) for an intent request. */
export function toAccessRequest(intent: MeshIntent, req: RequestIntent, id: string): AccessRequest {
  const [namespace, service] = req.destination.split('/');
  const source = req.source.kind === 'workload' ? { workload: req.source.service }
    : req.source.kind === 'principal' ? { principal: `${intent.trustDomain}/ns/${req.source.namespace}/sa/${req.source.serviceAccount}` }
      : { plaintext: true };
  return {
    id,
    source,
    destination: { service, namespace, port: req.port },
    ...(req.http ? { http: { ...req.http } } : {}),
    ...(req.jwt ? { jwt: {
      iss: req.jwt.foreign ? 'https://other-idp.example' : intent.issuer,
      sub: req.jwt.sub,
      ...(req.jwt.aud ? { aud: [...req.jwt.aud] } : {}),
      ...(req.jwt.claims ? { claims: { ...req.jwt.claims } } : {}),
    } } : {}),
  };
}
