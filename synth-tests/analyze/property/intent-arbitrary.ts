// SPDX-License-Identifier: Apache-2.0
/**
 * fast-check arbitraries of mesh intents: 2–6 services over 1–3 namespaces, each with 1–3
 * ports, a proxy model and a risk profile SP 800-233 accepts for it (DESIGN.md decision 4:
 * high only on sidecars, medium not on the shared node, low anywhere), and up to 4 access rules.
 *
 * Raw values are drawn independently (indices instead of references) and then fitted to what
 * the SDK accepts by `fitService`, a pure function: shrinking a raw value shrinks the mesh, and
 * every shrunk mesh is still one the SDK builds. The fitting follows lib/compile/capabilities.ts
 * and the backends' rule limits:
 * - ambient without waypoint: L4 only (no methods, paths, end users, audit, dry-run);
 * - proxyless: gRPC ports only, methods only POST, no end users, audit or dry-run;
 * - shared node: no end users, audit, dry-run or excluded paths; DENY by L4 attributes only;
 * - HTTP attributes only on HTTP ports (rules that name ports keep only their HTTP ports);
 * - end-user settings only on models that validate tokens (sidecar, ambient with waypoint).
 * Rules naming a service whose proxy model cannot reach the destination are left in: the SDK
 * refuses them and `buildMesh` drops them (they exercise the refusal path).
 */
import fc from 'fast-check';
import { type HeaderIntent, type HostIntent, type MeshIntent, type ModelChoice, type PathIntent, type PeerIntent, type PortIntent, type ProtocolChoice, type RiskChoice, type RuleIntent, type ServiceIntent, MODEL_CHOICES, carriesHttp } from './mesh-intent';

/** Namespaces services live in (the first `count` of them). */
export const NAMESPACES = ['ns-a', 'ns-b', 'ns-c'] as const;
/** A namespace no service lives in (peers and outside principals only). */
export const OUTSIDE_NAMESPACE = 'ns-out';
/** Service names; two services may share a name in different namespaces. */
export const SERVICE_NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'] as const;
/** Service accounts of outside principals and identity peers: one of no service, and service names (in another namespace). */
export const OUTSIDE_ACCOUNTS = ['robot', 'alpha', 'bravo'] as const;
/** Methods of rules and requests. */
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
/** Path matches of rules (exact and prefix, HTTP-style and gRPC-style). */
export const PATH_MATCHES: readonly PathIntent[] = [
  { kind: 'exact', value: '/a' }, { kind: 'exact', value: '/a/b' }, { kind: 'exact', value: '/pkg.Svc/Get' },
  { kind: 'prefix', value: '/a' }, { kind: 'prefix', value: '/a/' }, { kind: 'prefix', value: '/admin' }, { kind: 'prefix', value: '/pkg.Svc/' },
];
/** Host matches of rules: `<service>` and `<service>.<namespace>.svc.cluster.local` are filled in per service. */
export const HOST_MATCHES: readonly HostIntent[] = [
  { kind: 'exact', value: '{fqdn}' }, { kind: 'exact', value: '{name}' }, { kind: 'prefix', value: '{name}.' }, { kind: 'exact', value: 'api.example.com' },
];
/** The header of header conditions and its values. */
export const HEADER = 'x-tenant';
export const HEADER_VALUES = ['eu', 'eu-west', 'us'] as const;
const HEADER_MATCHES: readonly HeaderIntent['matches'][number][] = [
  { kind: 'exact', value: 'eu' }, { kind: 'exact', value: 'us' }, { kind: 'prefix', value: 'eu' }, { kind: 'presence', value: '' },
];

/** Claim values of end-user rules and tokens. */
export const SCOPES = ['read', 'write'] as const;
/** Audiences of the issuer, end-user rules and tokens (`ops` is not one the issuer accepts). */
export const AUDIENCES = ['api', 'web', 'ops'] as const;
/** Subjects of end-user rules and tokens. */
export const SUBJECTS = ['alice', 'bob'] as const;

const SERVICE_PORTS = [80, 8080, 9090, 5432] as const;
const RISKS_FOR: Readonly<Record<ModelChoice, readonly RiskChoice[]>> = {
  'sidecar': ['high', 'medium', 'low'],
  'ambient': ['medium', 'low'],
  'ambient-waypoint': ['medium', 'low'],
  'ambient-namespace-waypoint': ['medium', 'low'],
  'proxyless': ['medium', 'low'],
  'shared-node': ['low'],
};

/** A rule before fitting: the peer and the ports are indices. */
export interface RawRule {
  readonly action: RuleIntent['action'];
  readonly peer: { readonly kind: PeerIntent['kind']; readonly a: number; readonly b: number };
  readonly methods?: readonly string[];
  readonly paths?: readonly PathIntent[];
  readonly excludePaths?: readonly PathIntent[];
  readonly hosts?: readonly HostIntent[];
  readonly headers?: readonly HeaderIntent[];
  /** Bit mask over the service's ports (0 ⇒ no `ports`). */
  readonly portMask: number;
  readonly endUser?: RuleIntent['endUser'];
  readonly dryRun: boolean;
}

/** A service before fitting. */
export interface RawService {
  readonly name: number;
  readonly namespace: number;
  readonly model: ModelChoice;
  readonly risk: number;
  readonly ports: readonly { readonly port: number; readonly shifted: boolean; readonly protocol: ProtocolChoice }[];
  readonly rules: readonly RawRule[];
  readonly acceptTokens: boolean;
  readonly requireEndUser: boolean;
}

const pathArb = fc.constantFrom(...PATH_MATCHES);

/** `arb` in `percent` % of the draws, otherwise undefined (which shrinks first). */
function sometimes<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });
}

const rawRuleArb: fc.Arbitrary<RawRule> = fc.record({
  action: fc.oneof({ weight: 4, arbitrary: fc.constant('allow' as const) }, { weight: 2, arbitrary: fc.constant('deny' as const) }, { weight: 1, arbitrary: fc.constant('audit' as const) }),
  peer: fc.record({
    kind: fc.oneof(
      { weight: 4, arbitrary: fc.constant('service' as const) },
      { weight: 2, arbitrary: fc.constant('namespace' as const) },
      { weight: 1, arbitrary: fc.constant('identity' as const) },
      { weight: 1, arbitrary: fc.constant('anyAuthenticated' as const) },
      { weight: 1, arbitrary: fc.constant('anyone' as const) },
    ),
    a: fc.nat(5),
    b: fc.nat(3),
  }),
  methods: sometimes(fc.subarray([...METHODS], { minLength: 1, maxLength: 2 }), 35),
  paths: sometimes(fc.uniqueArray(pathArb, { minLength: 1, maxLength: 2 }), 35),
  excludePaths: sometimes(fc.uniqueArray(pathArb, { minLength: 1, maxLength: 1 }), 10),
  hosts: sometimes(fc.uniqueArray(fc.constantFrom(...HOST_MATCHES), { minLength: 1, maxLength: 2 }), 10),
  headers: sometimes(fc.array(fc.record({
    name: fc.constantFrom(HEADER, 'X-Tenant'),
    not: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    matches: fc.uniqueArray(fc.constantFrom(...HEADER_MATCHES), { minLength: 1, maxLength: 2 }),
  }), { minLength: 1, maxLength: 2 }), 10),
  portMask: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) }),
  endUser: sometimes(fc.record({
    subject: sometimes(fc.constantFrom(...SUBJECTS), 40),
    audience: sometimes(fc.constantFrom(...AUDIENCES), 25),
    claim: sometimes(fc.record({ name: fc.constant('scope'), values: fc.subarray([...SCOPES], { minLength: 1 }) }), 60),
  }).map(dropUndefined), 15),
  dryRun: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
}).map(dropUndefined);

/** The record without its undefined fields (so printed intents stay short). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const rawServiceArb: fc.Arbitrary<RawService> = fc.record({
  name: fc.nat(SERVICE_NAMES.length - 1),
  namespace: fc.nat(2),
  model: fc.constantFrom(...MODEL_CHOICES),
  risk: fc.nat(2),
  ports: fc.uniqueArray(fc.record({
    port: fc.constantFrom(...SERVICE_PORTS),
    shifted: fc.boolean(),
    protocol: fc.oneof({ weight: 3, arbitrary: fc.constant('http' as const) }, { weight: 2, arbitrary: fc.constant('tcp' as const) }, { weight: 1, arbitrary: fc.constantFrom('http2' as const, 'grpc' as const) }),
  }), { minLength: 1, maxLength: 3, selector: (p) => p.port }),
  rules: fc.array(rawRuleArb, { maxLength: 4 }),
  acceptTokens: fc.boolean(),
  requireEndUser: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/** Mesh intents, fitted to what the SDK accepts. */
export const meshIntentArb: fc.Arbitrary<MeshIntent> = fc.record({
  namespaces: fc.integer({ min: 1, max: 3 }),
  trustDomain: fc.constantFrom('cluster.local', 'corp.example'),
  audiences: fc.boolean(),
  services: fc.array(rawServiceArb, { minLength: 2, maxLength: 6 }),
}).map(({ namespaces, trustDomain, audiences, services }) => ({ ...fitMesh(trustDomain, namespaces, services), ...(audiences ? { audiences: ['api', 'web'] } : {}) }));

/** Fits raw services into a mesh intent (pure, so shrinking keeps meshes valid). */
export function fitMesh(trustDomain: string, namespaceCount: number, raw: readonly RawService[]): MeshIntent {
  const taken = new Set<string>();
  const placed = raw.map((r) => {
    const namespace = NAMESPACES[r.namespace % namespaceCount];
    // The first free name from the drawn one on: (namespace, name) pairs are unique.
    let i = r.name;
    while (taken.has(`${namespace}/${SERVICE_NAMES[i % SERVICE_NAMES.length]}`)) i++;
    const name = SERVICE_NAMES[i % SERVICE_NAMES.length];
    taken.add(`${namespace}/${name}`);
    return { raw: r, name, namespace };
  });
  const keys = placed.map((p) => `${p.namespace}/${p.name}`);
  const services = placed.map(({ raw: r, name, namespace }) => fitService(r, name, namespace, keys));
  return { trustDomain, issuer: 'https://idp.example', services };
}

/** One service fitted to its proxy model's capabilities. */
export function fitService(r: RawService, name: string, namespace: string, serviceKeys: readonly string[]): ServiceIntent {
  const model = r.model;
  const ports: PortIntent[] = r.ports.map((p) => ({
    port: p.port,
    ...(p.shifted ? { targetPort: p.port + 20000 } : {}),
    protocol: model === 'proxyless' ? 'grpc' : p.protocol,
  }));
  const risks = RISKS_FOR[model];
  const endUsers = model === 'sidecar' || model === 'ambient-waypoint' || model === 'ambient-namespace-waypoint';
  const hasHttpPort = ports.some((p) => carriesHttp(p.protocol));
  const rules = r.rules.map((rule) => fitRule(rule, model, ports, serviceKeys, { name, namespace }));
  return {
    name,
    namespace,
    model,
    risk: risks[r.risk % risks.length],
    ports,
    rules,
    ...(r.acceptTokens && endUsers ? { acceptTokens: true } : {}),
    ...(r.requireEndUser && endUsers && hasHttpPort ? { requireEndUser: true } : {}),
  };
}

function fitRule(r: RawRule, model: ModelChoice, ports: readonly PortIntent[], serviceKeys: readonly string[], self: { name: string; namespace: string }): RuleIntent {
  const ownNamespace = self.namespace;
  const l7 = model !== 'ambient';
  const audits = model === 'sidecar' || model === 'ambient-waypoint' || model === 'ambient-namespace-waypoint';
  const action = r.action === 'audit' && !audits ? 'deny' : r.action;
  const endUsers = audits; // the same models validate tokens
  const httpAllowed = l7 && !(model === 'shared-node' && action === 'deny');
  let methods = httpAllowed ? r.methods : undefined;
  const paths = httpAllowed ? r.paths : undefined;
  const excludePaths = httpAllowed && model !== 'shared-node' ? r.excludePaths : undefined;
  const endUser = httpAllowed && endUsers ? r.endUser : undefined;
  const hosts = httpAllowed ? r.hosts?.map((h) => ({ kind: h.kind, value: h.value.replace('{fqdn}', `${self.name}.${self.namespace}.svc.cluster.local`).replace('{name}', self.name) })) : undefined;
  // Cilium matches a header by exact value only, and cannot negate.
  const headers = httpAllowed ? r.headers?.map((h) => (model === 'shared-node'
    ? { name: h.name, not: false, matches: h.matches.filter((m) => m.kind === 'exact') }
    : h)).filter((h) => h.matches.length > 0) : undefined;
  const httpPorts = ports.filter((p) => carriesHttp(p.protocol));
  let selected = ports.filter((_, i) => (r.portMask >> i) & 1);
  const wantsHttp = [methods, paths, excludePaths, hosts, headers].some((l) => (l?.length ?? 0) > 0) || endUser !== undefined;
  const keepHttp = wantsHttp && httpPorts.length > 0;
  if (keepHttp) selected = selected.filter((p) => carriesHttp(p.protocol));
  // gRPC calls are always POST: on gRPC-only scopes other methods are refused.
  const scope = selected.length > 0 ? selected : httpPorts;
  if (keepHttp && methods && scope.every((p) => p.protocol === 'grpc')) {
    methods = methods.filter((m) => m === 'POST');
    if (methods.length === 0) methods = undefined;
  }
  const fitted: RuleIntent = {
    action,
    peer: fitPeer(r.peer, serviceKeys, ownNamespace),
    ...(keepHttp && methods ? { methods } : {}),
    ...(keepHttp && paths ? { paths } : {}),
    ...(keepHttp && excludePaths ? { excludePaths } : {}),
    ...(keepHttp && hosts ? { hosts } : {}),
    ...(keepHttp && headers?.length ? { headers } : {}),
    ...(selected.length > 0 ? { ports: selected.map((p) => p.port) } : {}),
    ...(keepHttp && endUser ? { endUser } : {}),
    ...(r.dryRun && audits && action !== 'audit' ? { dryRun: true } : {}),
  };
  return fitted;
}

function fitPeer(p: RawRule['peer'], serviceKeys: readonly string[], ownNamespace: string): PeerIntent {
  switch (p.kind) {
    case 'service': return { kind: 'service', service: serviceKeys[p.a % serviceKeys.length] };
    case 'namespace': return { kind: 'namespace', namespace: p.b === 3 ? OUTSIDE_NAMESPACE : p.b === 0 ? ownNamespace : NAMESPACES[p.b - 1] };
    case 'identity': return { kind: 'identity', namespace: p.b === 3 ? OUTSIDE_NAMESPACE : NAMESPACES[p.b], serviceAccount: OUTSIDE_ACCOUNTS[p.a % OUTSIDE_ACCOUNTS.length] };
    case 'anyAuthenticated': return { kind: 'anyAuthenticated' };
    default: return { kind: 'anyone' };
  }
}
