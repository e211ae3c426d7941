// SPDX-License-Identifier: Apache-2.0
/**
 * The intent of a mesh as plain data: what a user would write with the SDK (services, their
 * proxy model, risk profile and ports, and their `allowFrom` / `denyFrom` / `auditFrom` rules),
 * before anything is compiled. The property test builds the mesh from it with the SDK
 * (`build-mesh.ts`) and, independently, decides requests from it alone (`intent-oracle.ts`).
 * Plain data so that fast-check can generate, shrink and print it.
 */

/** A proxy model as chosen per service (`ProxyModel.*`). */
export type ModelChoice = 'sidecar' | 'ambient' | 'ambient-waypoint' | 'ambient-namespace-waypoint' | 'proxyless' | 'shared-node';

/** Every model, in the order the deterministic tests walk them. */
export const MODEL_CHOICES: readonly ModelChoice[] = ['sidecar', 'ambient', 'ambient-waypoint', 'ambient-namespace-waypoint', 'proxyless', 'shared-node'];

/** A risk profile (`RiskProfile.*`). */
export type RiskChoice = 'low' | 'medium' | 'high';

/** A port protocol (`PortProtocol.*`). */
export type ProtocolChoice = 'http' | 'http2' | 'grpc' | 'tcp';

/** One service port. */
export interface PortIntent {
  readonly port: number;
  /** Container port; absent means the same as `port`. */
  readonly targetPort?: number;
  readonly protocol: ProtocolChoice;
}

/** Who a rule is about (`Peer.*`, or a mesh service). */
export type PeerIntent =
  /** A service of the mesh, `<namespace>/<name>` (`Peer.service`). */
  | { readonly kind: 'service'; readonly service: string }
  /** `Peer.namespace(namespace)`. */
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** A service account that runs no service of the mesh (`Peer.identity(WorkloadIdentity.fromServiceAccountName(...))`). */
  | { readonly kind: 'identity'; readonly namespace: string; readonly serviceAccount: string }
  /** `Peer.anyAuthenticated()`. */
  | { readonly kind: 'anyAuthenticated' }
  /** `Peer.anyone()`. */
  | { readonly kind: 'anyone' };

/** A path match (`Match.exact` / `Match.prefix`). */
export interface PathIntent {
  readonly kind: 'exact' | 'prefix';
  readonly value: string;
}

/** A host match (`Match.exact` / `Match.prefix`), compared with `:authority` case-insensitively. */
export interface HostIntent {
  readonly kind: 'exact' | 'prefix';
  readonly value: string;
}

/** A header condition (`Condition.header` / `Condition.headerNot`). */
export interface HeaderIntent {
  readonly name: string;
  /** `headerNot`: none of the matches may hold (an absent header holds). */
  readonly not: boolean;
  readonly matches: readonly { readonly kind: 'exact' | 'prefix' | 'presence'; readonly value: string }[];
}

/** The end user a rule requires (`EndUser.issuer(mesh issuer)[.subject(..)][.claim(..)]`). */
export interface EndUserIntent {
  readonly subject?: string;
  /** `.audience(a)`: the token's `aud` must include it. */
  readonly audience?: string;
  readonly claim?: { readonly name: string; readonly values: readonly string[] };
}

/** One `allowFrom` / `denyFrom` / `auditFrom` call. */
export interface RuleIntent {
  readonly action: 'allow' | 'deny' | 'audit';
  readonly peer: PeerIntent;
  readonly methods?: readonly string[];
  readonly paths?: readonly PathIntent[];
  readonly excludePaths?: readonly PathIntent[];
  readonly hosts?: readonly HostIntent[];
  /** `when` header conditions (all must hold). */
  readonly headers?: readonly HeaderIntent[];
  /** Service ports. */
  readonly ports?: readonly number[];
  readonly endUser?: EndUserIntent;
  readonly dryRun?: boolean;
}

/** One `mesh.addService` call and what is then called on the service. */
export interface ServiceIntent {
  readonly name: string;
  readonly namespace: string;
  readonly model: ModelChoice;
  readonly risk: RiskChoice;
  readonly ports: readonly PortIntent[];
  /** In call order. */
  readonly rules: readonly RuleIntent[];
  /** `acceptTokensFrom(issuer)`. */
  readonly acceptTokens?: boolean;
  /** `requireEndUser()`. */
  readonly requireEndUser?: boolean;
}

/** A whole mesh. */
export interface MeshIntent {
  readonly trustDomain: string;
  /** The one JWT issuer of the mesh (`iss`), used by every end-user rule. */
  readonly issuer: string;
  /** The audiences the issuer's tokens must carry one of (`JwtIssuer` `audiences`); absent: any. */
  readonly audiences?: readonly string[];
  readonly services: readonly ServiceIntent[];
}

/** Who sends a request, in intent terms. */
export type SourceIntent =
  /** The workload of a mesh service, `<namespace>/<name>`. */
  | { readonly kind: 'workload'; readonly service: string }
  /** An mTLS peer outside the mesh's services. */
  | { readonly kind: 'principal'; readonly namespace: string; readonly serviceAccount: string }
  /** A peer without mesh identity. */
  | { readonly kind: 'plaintext' };

/** The JWT of a request (already validated by the issuer's keys). */
export interface JwtIntent {
  /** Another issuer than the mesh's (a token no service accepts). */
  readonly foreign?: boolean;
  readonly sub: string;
  readonly aud?: readonly string[];
  /** Claims; absent when the token carries none. */
  readonly claims?: Readonly<Record<string, string | readonly string[]>>;
}

/** The HTTP part of a request. */
export interface RequestHttpIntent {
  readonly method: string;
  /** As sent: may hold a query string, `//`, dot segments or an encoded slash. */
  readonly path: string;
  /** `:authority`; absent means the destination's FQDN. */
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One request, in intent terms. */
export interface RequestIntent {
  readonly source: SourceIntent;
  /** `<namespace>/<name>` of the destination service. */
  readonly destination: string;
  /** A service port of the destination. */
  readonly port: number;
  /** HTTP part, present exactly when the port carries HTTP (http, http2, grpc). */
  readonly http?: RequestHttpIntent;
  readonly jwt?: JwtIntent;
}

/** `<namespace>/<name>` of a service. */
export function serviceKey(s: Pick<ServiceIntent, 'name' | 'namespace'>): string {
  return `${s.namespace}/${s.name}`;
}

/** Whether a port protocol carries HTTP (so L7 attributes apply). */
export function carriesHttp(protocol: ProtocolChoice): boolean {
  return protocol !== 'tcp';
}

/** The container port of a service port. */
export function targetOf(port: PortIntent): number {
  return port.targetPort ?? port.port;
}

/** Whether a rule has HTTP attributes (methods, paths, excluded paths, hosts, headers, end user). */
export function hasHttpAttributes(rule: RuleIntent): boolean {
  return [rule.methods, rule.paths, rule.excludePaths, rule.hosts, rule.headers].some((l) => (l?.length ?? 0) > 0) || rule.endUser !== undefined;
}

/** The mesh intent as compact text, for failure messages (one line per service and rule). */
export function describeIntent(intent: MeshIntent): string {
  const lines = [`mesh trustDomain=${intent.trustDomain} issuer=${intent.issuer}${intent.audiences ? ` audiences=[${intent.audiences.join(', ')}]` : ''}`];
  for (const s of intent.services) {
    const ports = s.ports.map((p) => `${p.port}${p.targetPort !== undefined ? `->${p.targetPort}` : ''}/${p.protocol}`).join(',');
    const extras = [s.acceptTokens ? 'acceptTokensFrom(issuer)' : '', s.requireEndUser ? 'requireEndUser()' : ''].filter(Boolean).join(' ');
    lines.push(`  service ${serviceKey(s)} model=${s.model} risk=${s.risk} ports=[${ports}]${extras ? ` ${extras}` : ''}`);
    for (const r of s.rules) lines.push(`    ${describeRule(r)}`);
  }
  return lines.join('\n');
}

/** One rule as the SDK call it stands for. */
export function describeRule(rule: RuleIntent): string {
  const opts: string[] = [];
  if (rule.methods) opts.push(`methods: [${rule.methods.join(', ')}]`);
  if (rule.paths) opts.push(`paths: [${rule.paths.map(describePath).join(', ')}]`);
  if (rule.excludePaths) opts.push(`excludePaths: [${rule.excludePaths.map(describePath).join(', ')}]`);
  if (rule.hosts) opts.push(`hosts: [${rule.hosts.map(describePath).join(', ')}]`);
  if (rule.headers) opts.push(`when: [${rule.headers.map((h) => `Condition.header${h.not ? 'Not' : ''}(${[h.name, ...h.matches.map((m) => (m.kind === 'presence' ? 'presence()' : `${m.kind}(${m.value})`))].join(', ')})`).join(', ')}]`);
  if (rule.ports) opts.push(`ports: [${rule.ports.join(', ')}]`);
  if (rule.endUser) {
    const u = rule.endUser;
    opts.push(`endUser: issuer${u.subject ? `.subject(${u.subject})` : ''}${u.audience ? `.audience(${u.audience})` : ''}${u.claim ? `.claim(${[u.claim.name, ...u.claim.values].join(', ')})` : ''}`);
  }
  if (rule.dryRun) opts.push('dryRun: true');
  return `${rule.action}From(${describePeer(rule.peer)}${opts.length ? `, { ${opts.join(', ')} }` : ''})`;
}

function describePath(p: PathIntent | HostIntent): string {
  return `${p.kind}(${p.value})`;
}

/** A peer as the SDK expression it stands for. */
export function describePeer(peer: PeerIntent): string {
  switch (peer.kind) {
    case 'service': return peer.service;
    case 'namespace': return `Peer.namespace(${peer.namespace})`;
    case 'identity': return `Peer.identity(${peer.namespace}/sa/${peer.serviceAccount})`;
    case 'anyAuthenticated': return 'Peer.anyAuthenticated()';
    default: return 'Peer.anyone()';
  }
}

/** A request as one line. */
export function describeRequest(req: RequestIntent): string {
  const src = req.source.kind === 'workload' ? `workload ${req.source.service}`
    : req.source.kind === 'principal' ? `principal ns/${req.source.namespace}/sa/${req.source.serviceAccount}` : 'plaintext';
  const http = req.http
    ? ` ${req.http.method} ${req.http.path}${req.http.host ? ` host=${req.http.host}` : ''}${req.http.headers ? ` headers=${JSON.stringify(req.http.headers)}` : ''}`
    : ' tcp';
  const jwt = req.jwt ? ` jwt(${req.jwt.foreign ? 'iss=<other issuer> ' : ''}sub=${req.jwt.sub}${req.jwt.aud ? ` aud=[${req.jwt.aud.join(', ')}]` : ''}${req.jwt.claims ? ` claims=${JSON.stringify(req.jwt.claims)}` : ''})` : '';
  return `${src} -> ${req.destination}:${req.port}${http}${jwt}`;
}
