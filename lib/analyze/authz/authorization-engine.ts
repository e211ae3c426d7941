// SPDX-License-Identifier: Apache-2.0
/**
 * The authorization engine (issue 7, DESIGN.md decisions 9–10): decides a request offline with
 * Istio's semantics (../shared/reference/istio-authz-semantics.md) by walking its enforcement
 * chain (§b9) — sidecar; gateway; ambient: ztunnel, or the waypoint then the destination
 * ztunnel seeing the waypoint's identity; proxyless gRPC; the Cilium node proxy — and deciding
 * at each hop: mTLS (§b5), end-user tokens, attachment (§b1), translation (§b4, §b6, §b7) and
 * CUSTOM → DENY → ALLOW (§b2). The first hop that denies ends the chain.
 */
import type { Inventory } from '../inventory';
import { arrayOf, objectOf } from '../manifest-object';
import { CiliumIndex, type CiliumPeer, evaluateCilium } from './cilium-evaluator';
import { ciliumEndpointLabels as endpointLabels } from '../label-selector';
import type { HopView, HttpView, PeerIdentity } from './field-matcher';
import { type ExtensionProviders, type HopOutcome, evaluateHop } from './hop-evaluator';
import type { ChainProtocol } from './hop-translation';
import { type Endpoint, MeshTopology, type ServicePort, type ServiceTarget } from './mesh-topology';
import { type PathNormalization, normalizePath, pathNormalizationOf } from './path-normalization';
import { PeerAuthenticationResolver } from './peer-authentication';
import { PolicyIndex } from './policy-index';
import { trustDomainOf } from './trust-domain';
import type { AuthorizationPolicyModel, RequestAuthenticationModel } from './policy-model';
import { readAuthorizationPolicy, readRequestAuthentication } from './policy-reader';
import { checkJwt } from './request-authentication';
import { type ResolvedSource, identity, protocolOfName, resolveDestination, resolveSource, targetPortOf, validateRequest } from './request-resolution';
import type { AccessDecision, AccessRequest, ChainStep } from './types';

/** The kind of an enforcement point. */
type EnforcementPointKind = 'gateway' | 'sidecar' | 'waypoint' | 'ztunnel' | 'proxyless' | 'cilium';

/** Options of the engine. */
export interface AuthorizationEngineOptions {
  /**
   * What the external authorizer of a matching CUSTOM policy answers; it cannot be known
   * offline. @default 'ALLOW' (the mesh lets the authorizer decide; the decision is recorded in the step's detail)
   */
  readonly customVerdict?: 'ALLOW' | 'DENY';
  /** The mesh's trust domain. @default - MeshConfig `trustDomain`, else the one the policies' principals name most, else `cluster.local` */
  readonly trustDomain?: string;
}

/** One request to one endpoint, during evaluation. */
interface Flow {
  readonly req: AccessRequest;
  readonly src: ResolvedSource;
  readonly service: ServiceTarget;
  readonly port: ServicePort;
  readonly endpoint: Endpoint;
  readonly targetPort: number;
  readonly protocol: ChainProtocol;
  readonly http?: HttpView;
  /** Notes for the first step (source, protocol). */
  readonly notes: string[];
}

/** Decides requests against the manifests of an inventory. */
export class AuthorizationEngine {
  /** Builds an engine: reads and indexes every policy once. */
  public static fromInventory(inventory: Inventory, options: AuthorizationEngineOptions = {}): AuthorizationEngine {
    return new AuthorizationEngine(inventory, options);
  }

  private readonly topology: MeshTopology;
  private readonly authz: PolicyIndex<AuthorizationPolicyModel>;
  private readonly requestAuthn: PolicyIndex<RequestAuthenticationModel>;
  private readonly peerAuthn: PeerAuthenticationResolver;
  private readonly providers: ExtensionProviders;
  private readonly pathMode: PathNormalization;
  private readonly customVerdict: 'ALLOW' | 'DENY';
  private readonly cilium: CiliumIndex;

  private constructor(private readonly inventory: Inventory, options: AuthorizationEngineOptions) {
    const root = inventory.rootNamespace;
    this.customVerdict = options.customVerdict ?? 'ALLOW';
    // The same default as the matrix, so explain and matrix never disagree on who a workload is.
    this.topology = new MeshTopology(inventory, options.trustDomain ?? trustDomainOf(inventory));
    const policies = inventory.ofKind('AuthorizationPolicy', 'security.istio.io').flatMap((e) => readAuthorizationPolicy(e) ?? []);
    this.authz = new PolicyIndex(policies, root);
    this.requestAuthn = new PolicyIndex(inventory.ofKind('RequestAuthentication', 'security.istio.io').map(readRequestAuthentication), root);
    this.peerAuthn = new PeerAuthenticationResolver(inventory.ofKind('PeerAuthentication', 'security.istio.io'), root);
    const mesh = inventory.meshConfig();
    this.pathMode = pathNormalizationOf(mesh);
    const providers = arrayOf(mesh?.extensionProviders).map(objectOf).filter((p) => typeof p.name === 'string');
    this.providers = {
      ...(mesh !== undefined ? { names: new Set(providers.map((p) => p.name as string)) } : {}),
      httpOnly: new Set(providers.filter((p) => p.envoyExtAuthzHttp !== undefined && p.envoyExtAuthzGrpc === undefined).map((p) => p.name as string)),
    };
    // Build the inventory's label indexes now, so the first decision pays no setup.
    if (inventory.services.length > 0) inventory.workloadsOf(inventory.services[0]);
    this.cilium = new CiliumIndex([...inventory.ofKind('CiliumNetworkPolicy'), ...inventory.ofKind('CiliumClusterwideNetworkPolicy')]);
  }

  /** Decides one request; throws `AuthzInputError` when it names something the manifests do not hold. */
  public decide(request: AccessRequest): AccessDecision {
    validateRequest(request);
    const src = resolveSource(request, this.topology, this.inventory);
    const { service, port } = resolveDestination(request, this.topology);
    const endpoints = this.topology.endpointsOf(service);
    // A Service whose pods are not in the manifests has no enforcement point we can see.
    if (endpoints.length === 0) return { id: request.id, decision: 'ALLOW', chain: [] };
    const results = endpoints.map((e) => ({ e, chain: this.chainFor(this.flow(request, src, service, port, e)) }));
    const denied = results.find((r) => r.chain.some((s) => s.decision === 'DENY'));
    const chosen = denied ?? results[0];
    const chain = chosen.chain;
    if (denied && results.some((r) => !r.chain.some((s) => s.decision === 'DENY')) && chain.length > 0) {
      const last = chain[chain.length - 1];
      const allowed = results.filter((r) => !r.chain.some((s) => s.decision === 'DENY')).map((r) => `${r.e.namespace}/${r.e.name}`);
      chain[chain.length - 1] = { ...last, detail: { ...last.detail!, notes: [...(last.detail?.notes ?? []), `other endpoints of the service allow it: ${allowed.join(', ')}`] } };
    }
    return { id: request.id, decision: chain.some((s) => s.decision === 'DENY') ? 'DENY' : 'ALLOW', chain };
  }

  /** Decides requests in order. */
  public decideAll(requests: readonly AccessRequest[]): AccessDecision[] {
    return requests.map((r) => this.decide(r));
  }

  private flow(req: AccessRequest, src: ResolvedSource, service: ServiceTarget, port: ServicePort, endpoint: Endpoint): Flow {
    const targetPort = targetPortOf(port, endpoint);
    const notes: string[] = [`endpoint ${endpoint.namespace}/${endpoint.name}: ${endpoint.kind} (${endpoint.evidence})`];
    if (src.plaintextReason) notes.push(src.plaintextReason);
    let protocol = this.portProtocol(service, port, endpoint, targetPort);
    if (protocol === undefined) {
      protocol = req.http ? 'HTTP' : 'TCP';
      notes.push(`port ${port.port} declares no protocol: Istio sniffs it, evaluated as ${protocol}`);
    } else if (protocol === 'TCP' && req.http) {
      notes.push(`port ${port.port} is TCP: the HTTP request is evaluated as a TCP connection (b4)`);
    } else if (protocol === 'HTTP' && !req.http) {
      notes.push(`port ${port.port} is HTTP but the request has no http part: HTTP attributes are absent`);
    }
    let http: HttpView | undefined;
    if (req.http && protocol === 'HTTP') {
      const headers = new Map<string, string>();
      for (const [k, v] of Object.entries(req.http.headers ?? {})) {
        const name = k.toLowerCase();
        headers.set(name, headers.has(name) ? `${headers.get(name)},${String(v)}` : String(v));
      }
      const path = normalizePath(req.http.path, this.pathMode);
      if (path !== req.http.path.split('?')[0]) notes.push(`path ${req.http.path} is matched as ${path} (${this.pathMode} normalization)`);
      http = { method: req.http.method, path, host: req.http.host ?? `${service.name}.${service.namespace}.svc.cluster.local`, headers };
    }
    return { req, src, service, port, endpoint, targetPort, protocol, ...(http ? { http } : {}), notes };
  }

  private chainFor(flow: Flow): ChainStep[] {
    const e = flow.endpoint;
    const at = `${e.namespace}/${e.name}`;
    const hops: (() => ChainStep)[] = [];
    switch (e.kind) {
      case 'gateway': {
        const policies = e.gatewayName !== undefined ? this.authz.forGateway(e.namespace, e.gatewayName, e.podLabels) : this.authz.forWorkload(e.namespace, e.podLabels);
        const ras = e.gatewayName !== undefined ? this.requestAuthn.forGateway(e.namespace, e.gatewayName, e.podLabels) : this.requestAuthn.forWorkload(e.namespace, e.podLabels);
        hops.push(() => this.envoyHop('gateway', at, flow, flow.src.peer, policies, ras, []));
        break;
      }
      case 'sidecar':
      case 'proxyless': {
        if (e.kind === 'proxyless' && flow.src.endpoint?.kind === 'ambient') {
          hops.push(() => step('proxyless', at, { decision: 'DENY', reason: 'the caller\'s ztunnel sends HBONE, which a proxyless gRPC server cannot terminate: the connection fails', notes: [] }));
          break;
        }
        const ignored = this.authz.targeting(flow.service.namespace, 'Service', '', flow.service.name).map((p) => p.id);
        const extra = ignored.length > 0 ? [`${ignored.join(', ')} use targetRefs, which ${e.kind === 'sidecar' ? 'sidecars' : 'proxyless workloads'} ignore (b1)`] : [];
        hops.push(() => this.envoyHop(e.kind as 'sidecar' | 'proxyless', at, flow, flow.src.peer, this.authz.forWorkload(e.namespace, e.podLabels), this.requestAuthn.forWorkload(e.namespace, e.podLabels), extra));
        break;
      }
      case 'ambient': {
        const { waypoint, missing } = this.topology.waypointFor(flow.service);
        const extra = missing !== undefined ? [missing] : [];
        // A proxyless gRPC client dials the pod with Istio mTLS, not HBONE: ztunnel sees no peer identity.
        const fromProxyless = flow.src.endpoint?.kind === 'proxyless';
        if (fromProxyless) extra.push('the proxyless gRPC caller opens Istio mTLS to the pod directly, not HBONE: ztunnel sees no peer identity and no waypoint is involved');
        const peer = fromProxyless ? undefined : flow.src.peer;
        if (waypoint && peer) {
          const wid = identity(this.topology.principalOf(waypoint))!;
          hops.push(() => this.envoyHop('waypoint', `${waypoint.namespace}/${waypoint.name}`, flow, flow.src.peer, this.authz.forWaypoint(waypoint, flow.service), this.requestAuthn.forWaypoint(waypoint, flow.service), []));
          hops.push(() => this.ztunnelHop(at, flow, wid, undefined, [`the destination ztunnel sees the waypoint's identity ${wid.principal} (b6)`]));
        } else {
          if (waypoint && !fromProxyless) extra.push(`the plaintext peer does not go through waypoint ${waypoint.namespace}/${waypoint.name}: only HBONE traffic is redirected to it (b6)`);
          const targeted = this.authz.targeting(flow.service.namespace, 'Service', '', flow.service.name).map((p) => p.id);
          if (!waypoint && targeted.length > 0) extra.push(`${targeted.join(', ')} use targetRefs, which only a waypoint enforces; ${flow.service.namespace}/${flow.service.name} has none (b6)`);
          hops.push(() => this.ztunnelHop(at, flow, peer, flow.src.ip, extra));
        }
        break;
      }
      case 'sharedNode':
        hops.push(() => this.ciliumHop(at, flow));
        break;
      default:
        return [];
    }
    const chain: ChainStep[] = [];
    for (const hop of hops) {
      const step = hop();
      if (chain.length === 0) chain.push(withNotes(step, flow.notes));
      else chain.push(step);
      if (step.decision === 'DENY') break;
    }
    return chain;
  }

  private envoyHop(point: 'sidecar' | 'gateway' | 'waypoint' | 'proxyless', at: string, flow: Flow, peerIn: PeerIdentity | undefined,
    policies: readonly AuthorizationPolicyModel[], ras: readonly RequestAuthenticationModel[], extra: string[]): ChainStep {
    const notes = [...extra];
    let peer = peerIn;
    const e = flow.endpoint;
    if (point === 'sidecar' || point === 'proxyless') {
      const mtls = this.peerAuthn.resolve(e.namespace, e.podLabels, flow.targetPort);
      const source = mtls.policy !== undefined ? `PeerAuthentication ${mtls.policy}` : 'the default';
      if (mtls.mode === 'STRICT' && !peer) {
        return step(point, at, { decision: 'DENY', ...(mtls.policy !== undefined ? { policy: mtls.policy } : {}), reason: `mTLS required: ${source} sets STRICT${mtls.portLevel ? ` for port ${flow.targetPort}` : ''} and the peer is plaintext (b5)`, notes });
      }
      if (peer && (mtls.mode === 'DISABLE' || (point === 'proxyless' && mtls.mode !== 'STRICT'))) {
        peer = undefined;
        notes.push(point === 'proxyless' ? `proxyless gRPC supports only STRICT and DISABLE: ${mtls.mode} from ${source} acts as DISABLE, so the peer's identity is not seen (b7)` : `mTLS is DISABLE (${source}): the peer's identity is not seen (b5)`);
      } else if (!peer) notes.push(`the plaintext peer is accepted: mTLS is ${mtls.mode} (${source}) (b5)`);
    }
    const http = flow.http;
    if (http && /[a-z]/.test(http.method)) {
      return step(point, at, { decision: 'DENY', reason: `rejected with 400: method ${http.method} is not upper-case (request normalization)`, notes });
    }
    let jwt;
    if (flow.req.jwt) {
      if (!http) notes.push('the token is ignored: the request is not HTTP here');
      else if (point === 'proxyless') notes.push('proxyless gRPC does not validate tokens: JWT matchers never match (b7)');
      else {
        const check = checkJwt(flow.req.jwt, ras);
        if (check.rejected) return step(point, at, { decision: 'DENY', policy: check.rejected.policy, reason: check.rejected.reason, notes });
        if (check.note !== undefined) notes.push(check.note);
        jwt = check.validated;
      }
    }
    const view: HopView = {
      flavor: point === 'proxyless' ? 'proxyless' : 'envoy',
      ...(peer ? { peer } : {}),
      ...(flow.src.ip !== undefined ? { sourceIp: flow.src.ip } : {}),
      destinationPort: flow.targetPort,
      ...(http ? { http } : {}),
      ...(jwt ? { jwt } : {}),
      trustDomains: this.topology.trustDomains,
    };
    const outcome = evaluateHop(policies, view, { flavor: view.flavor, protocol: point === 'proxyless' ? 'HTTP' : flow.protocol, customVerdict: this.customVerdict, providers: this.providers });
    return step(point, at, { ...outcome, notes: [...notes, ...outcome.notes] });
  }

  private ztunnelHop(at: string, flow: Flow, peer: PeerIdentity | undefined, sourceIp: string | undefined, extra: string[]): ChainStep {
    const notes = [...extra];
    const e = flow.endpoint;
    const mtls = this.peerAuthn.resolve(e.namespace, e.podLabels, flow.targetPort);
    const source = mtls.policy !== undefined ? `PeerAuthentication ${mtls.policy}` : 'the default';
    if (mtls.mode === 'STRICT' && !peer) {
      return step('ztunnel', at, { decision: 'DENY', ...(mtls.policy !== undefined ? { policy: mtls.policy } : {}), reason: `mTLS required: ${source} sets STRICT${mtls.portLevel ? ` for port ${flow.targetPort}` : ''}, which ztunnel enforces by denying connections without a peer identity (b5)`, notes });
    }
    if (mtls.mode === 'DISABLE') notes.push(`DISABLE (${source}) is not supported in ambient: HBONE is always mTLS (b5)`);
    if (flow.req.http) notes.push('ztunnel sees only the connection: HTTP attributes and tokens are not available (b6)');
    const view: HopView = {
      flavor: 'ztunnel',
      ...(peer ? { peer } : {}),
      ...(sourceIp !== undefined ? { sourceIp } : {}),
      destinationPort: flow.targetPort,
      trustDomains: this.topology.trustDomains,
    };
    const outcome = evaluateHop(this.authz.forWorkload(e.namespace, e.podLabels), view, { flavor: 'ztunnel', protocol: 'TCP', customVerdict: this.customVerdict, providers: this.providers });
    return step('ztunnel', at, { ...outcome, notes: [...notes, ...outcome.notes] });
  }

  private ciliumHop(at: string, flow: Flow): ChainStep {
    const e = flow.endpoint;
    const labels = endpointLabels(e.namespace, e.serviceAccount, e.podLabels, this.inventory.namespaceLabels(e.namespace));
    const policies = this.cilium.selecting(e.namespace, labels);
    const req = flow.req;
    const peer: CiliumPeer = req.source.plaintext === true ? { authenticated: false, ...(flow.src.ip !== undefined ? { ip: flow.src.ip } : {}) } : flow.src.cilium;
    const portName = e.containerPorts.find((c) => c.port === flow.targetPort)?.name;
    const outcome = evaluateCilium(policies, peer, {
      namespace: e.namespace,
      port: flow.targetPort,
      ...(portName !== undefined ? { portName } : {}),
      ...(req.http ? { http: { method: req.http.method, path: ciliumPath(req.http.path), host: req.http.host ?? `${flow.service.name}.${flow.service.namespace}.svc.cluster.local`, headers: flow.http?.headers ?? new Map(Object.entries(req.http.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])) } } : {}),
    });
    return step('cilium', at, { ...outcome, notes: [] });
  }

  /** The port's protocol: a gateway's server or listener, else the Service port's `appProtocol` or name. */
  private portProtocol(service: ServiceTarget, port: ServicePort, e: Endpoint, targetPort: number): ChainProtocol | undefined {
    if (e.kind === 'gateway') {
      const server = service.listenerProtocols?.get(port.port) ?? this.topology.gatewayServerProtocol(e, port.port, targetPort);
      if (server !== undefined) return ['http', 'https', 'http2', 'grpc'].includes(server) ? 'HTTP' : 'TCP';
    }
    return protocolOfName(port.appProtocol) ?? protocolOfName(port.name);
  }
}

function step(point: EnforcementPointKind, at: string, outcome: HopOutcome): ChainStep {
  return {
    point,
    decision: outcome.decision,
    ...(outcome.policy !== undefined ? { policy: outcome.policy } : {}),
    ...(outcome.rule !== undefined ? { rule: outcome.rule } : {}),
    detail: { at, reason: outcome.reason, ...(outcome.notes.length > 0 ? { notes: outcome.notes } : {}) },
  };
}

/** The step with `notes` (about the request as a whole) before its own. */
function withNotes(s: ChainStep, notes: readonly string[]): ChainStep {
  if (notes.length === 0) return s;
  return { ...s, detail: { ...s.detail!, notes: [...notes, ...(s.detail?.notes ?? [])] } };
}

/**
 * The path Cilium's proxy matches: normalized as its `--http-normalize-path` default does (RFC 3986
 * dot segments, merged slashes, escaped slashes decoded), the query string kept (its rules match
 * path and query).
 */
function ciliumPath(raw: string): string {
  const q = raw.indexOf('?');
  const query = q < 0 ? '' : raw.slice(q);
  return `${normalizePath(raw, 'DECODE_AND_MERGE_SLASHES')}${query}`;
}
