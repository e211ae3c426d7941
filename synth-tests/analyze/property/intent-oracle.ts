// SPDX-License-Identifier: Apache-2.0
/**
 * The decision a request gets from the intent alone: the builder inputs of the SDK (`MeshIntent`),
 * never the manifests. It states what the SDK promises its users (DESIGN.md decisions 3, 5, 7):
 *
 * - STRICT mTLS everywhere: a source without mesh identity is denied; so is a caller whose proxy
 *   model cannot meet the destination's (`callProblem` in lib/compile/capabilities.ts: a
 *   shared-node workload has no Istio identity towards Istio-enforced services; ztunnel speaks
 *   HBONE, which a proxyless gRPC server cannot terminate, and the reverse).
 * - Default deny: a request is allowed only by an enforced `allowFrom` rule that matches it, and
 *   never when an enforced `denyFrom` rule matches it (DENY before ALLOW, semantics §b2).
 *   `auditFrom` and dry-run rules never decide (§b2).
 * - Tokens (RequestAuthentication, §b5): a service validates the mesh issuer's tokens when it
 *   accepts them (`acceptTokensFrom` or an end-user rule); there a token of another issuer, or
 *   without one of the issuer's audiences, is rejected (401), and elsewhere a token is ignored.
 *   `requireEndUser()`: an HTTP request without a valid token is denied.
 * - A rule matches when its peer matches and every option it sets holds (AccessOptions): any of
 *   the methods, any of the paths (exact, or prefix), none of the excluded paths, any of the hosts
 *   (`:authority`, case-insensitive, with or without a port; the destination's FQDN by default),
 *   every header condition (`headerNot` holds for an absent header), any of the ports (compared as
 *   container ports, which is how the SDK documents `ports`), the end user's issuer, subject and
 *   claim (a list claim contains one of the values, §b3). A rule with HTTP attributes covers the
 *   service's HTTP ports only (its explicit ports, or every HTTP port when it names none).
 * - Paths are compared after the normalization the Mesh configures (DECODE_AND_MERGE_SLASHES:
 *   query string dropped, `%2F`/`%5C` decoded, backslashes and repeated slashes made single
 *   slashes, dot segments removed), so `//admin` or `/x/../admin` cannot slip past `/admin`. On
 *   the shared node too: Cilium's node Envoy normalizes paths by default (agent flag
 *   `--http-normalize-path=true`: RFC 3986, merged slashes, escaped slashes unescaped).
 * - Peers: a mesh service is its ServiceAccount's principal `<td>/ns/<ns>/sa/<name>`; a namespace
 *   is every authenticated peer of that namespace; any authenticated peer; anyone.
 */
import {
  type HeaderIntent, type HostIntent, type MeshIntent, type PathIntent, type PeerIntent, type RequestHttpIntent, type RequestIntent, type RuleIntent, type ServiceIntent,
  carriesHttp, hasHttpAttributes, serviceKey, targetOf,
} from './mesh-intent';

/** The oracle's decision and the one reason that settled it. */
export interface IntentDecision {
  readonly decision: 'ALLOW' | 'DENY';
  readonly reason: string;
}

/** The authenticated identity a destination sees. */
interface Identity {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Decides `req` from `intent`. Throws on a request that names nothing of the intent (a generator bug). */
export function decideFromIntent(intent: MeshIntent, req: RequestIntent): IntentDecision {
  const dst = findService(intent, req.destination);
  const port = dst.ports.find((p) => p.port === req.port);
  if (!port) throw new Error(`request to ${req.destination}:${req.port}, which is not a port of the service`);

  const identity = peerIdentity(intent, req, dst);
  if (typeof identity === 'string') return deny(identity);

  const http = carriesHttp(port.protocol) ? req.http : undefined;
  // A service that validates the issuer's tokens rejects any other token (401); elsewhere a token is ignored.
  const validates = http !== undefined && req.jwt !== undefined && acceptsIssuer(dst);
  if (validates && req.jwt!.foreign) return deny('token of an issuer the service does not accept (401)');
  if (validates && intent.audiences && !intent.audiences.some((a) => req.jwt!.aud?.includes(a))) return deny('token without an accepted audience (401)');
  if (dst.requireEndUser && http && !validates) return deny('requireEndUser: no valid token');

  const ctx: MatchContext = { intent, dst, identity, target: targetOf(port), http, jwt: validates ? req.jwt : undefined };
  const enforced = dst.rules.filter((r) => !r.dryRun);
  const denied = enforced.findIndex((r) => r.action === 'deny' && ruleMatches(r, ctx));
  if (denied >= 0) return deny(`denyFrom rule ${dst.rules.indexOf(enforced[denied])} matches`);
  const allowed = enforced.findIndex((r) => r.action === 'allow' && ruleMatches(r, ctx));
  if (allowed >= 0) return { decision: 'ALLOW', reason: `allowFrom rule ${dst.rules.indexOf(enforced[allowed])} matches` };
  return deny('default deny: no allowFrom rule matches');
}

/** The identity the destination authenticates, or why the connection cannot be made at all. */
function peerIdentity(intent: MeshIntent, req: RequestIntent, dst: ServiceIntent): Identity | string {
  const source = req.source;
  if (source.kind === 'plaintext') return 'plaintext source under STRICT mTLS';
  if (source.kind === 'principal') return { namespace: source.namespace, serviceAccount: source.serviceAccount };
  const src = findService(intent, source.service);
  const from = src.model;
  const to = dst.model;
  if (from === 'shared-node' && to !== 'shared-node') return 'a shared-node caller has no Istio mTLS identity';
  if (from === 'ambient' || from.startsWith('ambient-')) {
    if (to === 'proxyless') return 'ztunnel sends HBONE, which a proxyless gRPC server cannot terminate';
  }
  if (from === 'proxyless' && (to === 'ambient' || to.startsWith('ambient-'))) return 'a proxyless gRPC client sends Istio mTLS, which ztunnel does not accept';
  return { namespace: src.namespace, serviceAccount: src.name };
}

/** Whether the destination validates the mesh issuer's tokens. */
function acceptsIssuer(dst: ServiceIntent): boolean {
  return dst.acceptTokens === true || dst.rules.some((r) => r.endUser !== undefined);
}

interface MatchContext {
  readonly intent: MeshIntent;
  readonly dst: ServiceIntent;
  readonly identity: Identity;
  /** Container port the request reaches. */
  readonly target: number;
  readonly http?: RequestHttpIntent;
  readonly jwt?: RequestIntent['jwt'];
}

function ruleMatches(rule: RuleIntent, ctx: MatchContext): boolean {
  if (!peerMatches(rule.peer, ctx.identity)) return false;
  if (!coveredPorts(rule, ctx.dst).includes(ctx.target)) return false;
  if (hasHttpAttributes(rule) && !ctx.http) return false;
  const http = ctx.http;
  if (rule.methods && !rule.methods.includes(http!.method)) return false;
  const path = http ? normalizedPath(http.path) : '';
  if (rule.paths && !rule.paths.some((p) => pathMatches(p, path))) return false;
  if (rule.excludePaths && rule.excludePaths.some((p) => pathMatches(p, path))) return false;
  if (rule.hosts) {
    const authority = (http!.host ?? `${ctx.dst.name}.${ctx.dst.namespace}.svc.cluster.local`).toLowerCase();
    const hostMatches = (h: HostIntent) => (h.kind === 'prefix' ? authority.startsWith(h.value.toLowerCase()) : authority === h.value.toLowerCase() || authority.startsWith(`${h.value.toLowerCase()}:`));
    if (!rule.hosts.some(hostMatches)) return false;
  }
  if (rule.headers && !rule.headers.every((h) => headerHolds(h, http!.headers ?? {}))) return false;
  if (rule.endUser) {
    const jwt = ctx.jwt;
    if (!jwt) return false;
    if (rule.endUser.subject !== undefined && jwt.sub !== rule.endUser.subject) return false;
    if (rule.endUser.audience !== undefined && !jwt.aud?.includes(rule.endUser.audience)) return false;
    const claim = rule.endUser.claim;
    if (claim) {
      const value = jwt.claims?.[claim.name];
      const held = value === undefined ? [] : typeof value === 'string' ? [value] : value;
      if (!claim.values.some((v) => held.includes(v))) return false;
    }
  }
  return true;
}

function peerMatches(peer: PeerIntent, id: Identity): boolean {
  switch (peer.kind) {
    case 'service': return peer.service === `${id.namespace}/${id.serviceAccount}`;
    case 'namespace': return peer.namespace === id.namespace;
    case 'identity': return peer.namespace === id.namespace && peer.serviceAccount === id.serviceAccount;
    default: return true;
  }
}

/** Container ports a rule covers: its own, or (with HTTP attributes) every HTTP port, or every port. */
export function coveredPorts(rule: RuleIntent, dst: ServiceIntent): number[] {
  const ports = rule.ports
    ? dst.ports.filter((p) => rule.ports!.includes(p.port))
    : hasHttpAttributes(rule) ? dst.ports.filter((p) => carriesHttp(p.protocol)) : dst.ports;
  return ports.map(targetOf);
}

function headerHolds(h: HeaderIntent, headers: Readonly<Record<string, string>>): boolean {
  const sent = Object.entries(headers).filter(([k]) => k.toLowerCase() === h.name.toLowerCase()).map(([, v]) => v);
  const value = sent.length > 0 ? sent.join(',') : undefined;
  const matched = value !== undefined && h.matches.some((m) => (m.kind === 'presence' ? value !== '' : m.kind === 'exact' ? value === m.value : value.startsWith(m.value)));
  return h.not ? !matched : matched;
}

/** The path after DECODE_AND_MERGE_SLASHES normalization (RFC 3986 §5.2.4 for dot segments). */
export function normalizedPath(raw: string): string {
  const decoded = raw.split('?')[0].split('#')[0].replace(/%2f/gi, '/').replace(/%5c/gi, '/').replace(/\\/g, '/').replace(/\/+/g, '/');
  const kept: string[] = [];
  const segments = decoded.split('/').slice(1);
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '..') kept.pop();
    if (segment === '.' || segment === '..') {
      if (last) kept.push('');
      return;
    }
    kept.push(segment);
  });
  return `/${kept.join('/')}`;
}

function pathMatches(p: PathIntent, path: string): boolean {
  return p.kind === 'exact' ? path === p.value : path.startsWith(p.value);
}

function findService(intent: MeshIntent, key: string): ServiceIntent {
  const found = intent.services.find((s) => serviceKey(s) === key);
  if (!found) throw new Error(`no service ${key} in the intent`);
  return found;
}

function deny(reason: string): IntentDecision {
  return { decision: 'DENY', reason };
}
