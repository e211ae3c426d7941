// SPDX-License-Identifier: Apache-2.0
/**
 * Builds a mesh from a `MeshIntent` with the public SDK, synthesizes it and indexes the
 * manifests. Calls the SDK refuses (a `MeshError`: a capability the proxy model does not
 * enforce, proxy models that cannot meet, HTTP attributes on a TCP port…) are dropped from the
 * intent, and the intent that was actually built is returned with them, so the oracle never
 * decides on a rule that does not exist. Any other exception is a defect and propagates.
 *
 * The generator keeps every risk profile SP 800-233-compatible with its proxy model (high: sidecar
 * only; medium: not shared node), but the meshes are built with `compliance: { packs: [] }`: the
 * packs judge posture, not what is reachable (e.g. a high-risk service admitting any
 * authenticated peer fails MESH-MODEL-05), and the property must explore every rule the SDK
 * builds, including those the packs would flag. Running no pack also keeps synth fast.
 */
import { Chart, Testing } from 'cdk8s';
import {
  Condition, EndUser, HttpMethod, JwtIssuer, Match, Mesh, Peer, PortProtocol, ProxyModel, RiskProfile, WaypointScope, WorkloadIdentity,
  type AccessOptions, type IPeer, type MeshService,
} from 'cdk8s-mesh';
import { Inventory } from '../../../lib/analyze/inventory';
import { MeshError } from '../../../lib/model/errors';
import { type HeaderIntent, type MeshIntent, type ModelChoice, type PathIntent, type PeerIntent, type RiskChoice, type RuleIntent, type ServiceIntent, describeRule, serviceKey } from './mesh-intent';

/** Istio's root namespace of every generated mesh. */
export const ROOT_NAMESPACE = 'istio-system';

/** What was built. */
export interface BuiltMesh {
  /** The intent as built: refused calls removed. */
  readonly intent: MeshIntent;
  /** The synthesized objects. */
  readonly manifests: readonly unknown[];
  readonly inventory: Inventory;
  /** The calls the SDK refused, `<service>: <call>: <error>`. */
  readonly refused: readonly string[];
}

/**
 * Builds, synthesizes and indexes `intent`. Returns undefined when the SDK refuses a service
 * itself (the generator only produces valid services, so that is rare).
 */
export function buildMesh(intent: MeshIntent): BuiltMesh | undefined {
  const chart = new Chart(Testing.app(), 'prop');
  const mesh = new Mesh(chart, 'mesh', {
    trustDomain: intent.trustDomain,
    rootNamespace: ROOT_NAMESPACE,
    compliance: { packs: [], reports: [], printFindings: false },
  });
  const issuer = new JwtIssuer(chart, 'idp', { issuer: intent.issuer, jwksUri: `${intent.issuer}/jwks.json`, ...(intent.audiences ? { audiences: [...intent.audiences] } : {}) });
  const services = new Map<string, MeshService>();
  for (const s of intent.services) {
    const built = refusable(() => mesh.addService(`${s.namespace}-${s.name}`, {
      image: `registry.example/${s.name}:1`,
      name: s.name,
      namespace: s.namespace,
      ports: s.ports.map((p) => ({ port: p.port, protocol: PROTOCOLS[p.protocol], ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) })),
      proxyModel: proxyModel(s.model),
      riskProfile: RISKS[s.risk],
    }));
    if (built === REFUSED) return undefined;
    services.set(serviceKey(s), built);
  }

  const refused: string[] = [];
  const identities = new Map<string, IPeer>();
  const peerOf = (peer: PeerIntent): IPeer => {
    switch (peer.kind) {
      case 'service': return services.get(peer.service)!;
      case 'namespace': return Peer.namespace(peer.namespace);
      case 'anyAuthenticated': return Peer.anyAuthenticated();
      case 'anyone': return Peer.anyone();
      default: {
        const key = `${peer.namespace}/${peer.serviceAccount}`;
        if (!identities.has(key)) identities.set(key, WorkloadIdentity.fromServiceAccountName(chart, `identity-${peer.namespace}-${peer.serviceAccount}`, peer.serviceAccount, { namespace: peer.namespace }));
        return identities.get(key)!;
      }
    }
  };

  const built: ServiceIntent[] = [];
  for (const s of intent.services) {
    const svc = services.get(serviceKey(s))!;
    const attempt = (call: string, fn: () => void): boolean => {
      const ok = refusable(fn) !== REFUSED;
      if (!ok) refused.push(`${serviceKey(s)}: ${call}: ${lastRefusal}`);
      return ok;
    };
    const acceptTokens = s.acceptTokens === true && attempt('acceptTokensFrom(issuer)', () => svc.acceptTokensFrom(issuer));
    const rules = s.rules.filter((r) => attempt(describeRule(r), () => {
      const verb = r.action === 'allow' ? svc.allowFrom : r.action === 'deny' ? svc.denyFrom : svc.auditFrom;
      verb.call(svc, peerOf(r.peer), accessOptions(r, issuer));
    }));
    // requireEndUser without an issuer is refused by a synth-time validation (which
    // Testing.synth does not run), so it is only called when the service validates tokens.
    const hasIssuer = acceptTokens || rules.some((r) => r.endUser !== undefined);
    const requireEndUser = s.requireEndUser === true && hasIssuer && attempt('requireEndUser()', () => svc.requireEndUser());
    const errors = svc.node.validate();
    if (errors.length) throw new Error(`unexpected validation errors on ${serviceKey(s)}: ${errors.join('; ')}`);
    const { acceptTokens: _a, requireEndUser: _r, ...rest } = s;
    built.push({ ...rest, rules, ...(acceptTokens ? { acceptTokens } : {}), ...(requireEndUser ? { requireEndUser } : {}) });
  }

  const manifests = Testing.synth(chart) as unknown[];
  const inventory = Inventory.fromObjects(manifests.map((object) => ({ object })), { rootNamespace: ROOT_NAMESPACE });
  return { intent: { ...intent, services: built }, manifests, inventory, refused };
}

/** The SDK options of one rule. */
function accessOptions(rule: RuleIntent, issuer: JwtIssuer): AccessOptions {
  let endUser: EndUser | undefined;
  if (rule.endUser) {
    endUser = EndUser.issuer(issuer);
    if (rule.endUser.subject !== undefined) endUser = endUser.subject(rule.endUser.subject);
    if (rule.endUser.audience !== undefined) endUser = endUser.audience(rule.endUser.audience);
    if (rule.endUser.claim) endUser = endUser.claim(rule.endUser.claim.name, ...rule.endUser.claim.values);
  }
  return {
    ...(rule.methods ? { methods: rule.methods.map((m) => HttpMethod.of(m)) } : {}),
    ...(rule.paths ? { paths: rule.paths.map(match) } : {}),
    ...(rule.excludePaths ? { excludePaths: rule.excludePaths.map(match) } : {}),
    ...(rule.hosts ? { hosts: rule.hosts.map((h) => (h.kind === 'exact' ? Match.exact(h.value) : Match.prefix(h.value))) } : {}),
    ...(rule.headers ? { when: rule.headers.map(condition) } : {}),
    ...(rule.ports ? { ports: [...rule.ports] } : {}),
    ...(endUser ? { endUser } : {}),
    ...(rule.dryRun ? { dryRun: true } : {}),
  };
}

function condition(h: HeaderIntent): Condition {
  const matches = h.matches.map((m) => (m.kind === 'presence' ? Match.presence() : m.kind === 'exact' ? Match.exact(m.value) : Match.prefix(m.value)));
  return h.not ? Condition.headerNot(h.name, ...matches) : Condition.header(h.name, ...matches);
}

function match(p: PathIntent): Match {
  return p.kind === 'exact' ? Match.exact(p.value) : Match.prefix(p.value);
}

/** The SDK proxy model of a choice. */
export function proxyModel(model: ModelChoice): ProxyModel {
  switch (model) {
    case 'sidecar': return ProxyModel.sidecar();
    case 'ambient': return ProxyModel.ambient();
    case 'ambient-waypoint': return ProxyModel.ambient({ waypoint: true });
    case 'ambient-namespace-waypoint': return ProxyModel.ambient({ waypoint: true, waypointScope: WaypointScope.NAMESPACE });
    case 'proxyless': return ProxyModel.proxyless();
    default: return ProxyModel.sharedNode();
  }
}

const PROTOCOLS = { http: PortProtocol.HTTP, http2: PortProtocol.HTTP2, grpc: PortProtocol.GRPC, tcp: PortProtocol.TCP } as const;
const RISKS: Readonly<Record<RiskChoice, RiskProfile>> = { low: RiskProfile.LOW, medium: RiskProfile.MEDIUM, high: RiskProfile.HIGH };

const REFUSED = Symbol('refused');
let lastRefusal = '';

/** Runs `fn`; a MeshError (the SDK refusing user input) becomes REFUSED, anything else propagates. */
function refusable<T>(fn: () => T): T | typeof REFUSED {
  try {
    return fn();
  } catch (e) {
    if (!MeshError.isMeshError(e)) throw e;
    lastRefusal = e.details.problem;
    return REFUSED;
  }
}
