// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AccessOptions } from './access';
import type { ExternalAuthorizationOptions, ExternalAuthorizer } from './external-authorizer';
import type { ExternalService } from './external-service';
import { Peer } from './peer';
import type { JwtIssuer } from './jwt-issuer';
import { meshHooks, type MeshHooks } from './private/mesh-registry';
import { buildRule } from './private/rule-builder';
import { gatewayCallerPods, resolveEgressSegmentation, resolveSegmentation, type EgressChoice, type SegmentationChoice } from './private/network-segmentation';
import { hardenedDeployment, meshKubeService } from './private/workload';
import { resilienceModel } from './private/resilience-model';
import { checkKnownKeys, checkName, checkPorts, resolvePorts } from './private/input-checks';
import type { IMesh } from './i-mesh';
import type { MeshServiceProps } from './mesh-service-options';
import type { IMeshService } from './mesh-reference';
import type { IPeer, PeerConfig } from './peer-config';
import type { MeshServicePort } from './port';
import type { ProxyModel } from './proxy-model';
import type { RiskProfile } from './risk-profile';
import { WorkloadIdentity, type IWorkloadIdentity } from './workload-identity';
import { waypointName } from '../lib/compile/ambient/ambient-backend';
import { backendFor } from '../lib/compile/backends';
import { callProblem, featureTitle, firstUnsupported, modelTitle, ruleFeatures, serviceFeatures, type Feature } from '../lib/compile/capabilities';
import type { MeshBackend } from '../lib/compile/backend';
import type { Manifest } from '../lib/compile/manifest';
import { EGRESS_EXCEPTION_ANNOTATION, NETWORK_POLICY_API, networkPolicy, networkPolicyName } from '../lib/compile/network-policy/network-policy';
import { MeshError } from '../lib/model/errors';
import type { AccessRuleModel, CallerPodsModel, JwtIssuerModel, MeshModel, PolicyAction, PortModel, ResilienceModel, ServiceModel } from '../lib/model/mesh-model';
import { resilienceRoutes, resilienceRule } from '../lib/compile/resilience/resilience';

/**
 * A workload in the mesh: a Deployment, a Service and a dedicated ServiceAccount (its
 * workload identity), built with cdk8s-plus, with hardened pods and access policies
 * compiled for the service's proxy model, and a NetworkPolicy that admits the same callers at L3
 * (by default for high risk) and, on the ambient and proxyless models, limits its egress to the
 * services that admit it (by default). A service admits nothing until `allowFrom` is called.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class MeshService extends Construct implements IMeshService {
  /** Returns whether `x` is a `MeshService`. */
  public static isMeshService(x: unknown): x is MeshService {
    return typeof x === 'object' && x !== null && MESH_SERVICE in x;
  }

  /** Service name (also the Deployment and ServiceAccount name). */
  public readonly name: string;
  /** Namespace of the service. */
  public readonly namespace: string;
  /** The workload identity the service's pods present: its dedicated ServiceAccount. */
  public readonly identity: IWorkloadIdentity;
  /** The mesh the service belongs to. */
  public readonly mesh: IMesh;
  /** Proxy model that enforces this service's policies. */
  public readonly proxyModel: ProxyModel;
  /** Risk profile of this service. */
  public readonly riskProfile: RiskProfile;
  /** The Deployment running the workload. */
  public readonly deployment: kplus.Deployment;
  /** The Kubernetes Service in front of the workload. */
  public readonly service: kplus.Service;
  /** The dedicated ServiceAccount the workload runs as. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /**
   * The NetworkPolicy segmenting the service at L3 (escape hatch: `addJsonPatch`); undefined
   * when it is segmented in neither direction (see `networkSegmentation` and `egressSegmentation`).
   */
  public readonly networkPolicy?: ApiObject;

  private readonly _ports: PortModel[];
  private readonly _access: AccessRuleModel[] = [];
  private readonly _issuers: JwtIssuerModel[] = [];
  private _requireEndUser = false;
  private readonly _egress: string[] = [];
  private readonly _resilience: ResilienceModel;
  private readonly _backend: MeshBackend;
  private readonly _hooks: MeshHooks;
  private readonly _emitted = new Set<string>();
  private readonly _segmentation: SegmentationChoice;
  private readonly _egressSegmentation: EgressChoice;
  private readonly _callerPods: CallerPodsModel[] = [];

  constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id);
    Object.defineProperty(this, MESH_SERVICE, { value: true });
    const path = this.node.path;
    this.mesh = props.mesh;
    this._hooks = meshHooks(props.mesh, path);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    checkName(path, 'service name', this.name, 'name', 'dns1035-label');
    checkName(path, 'namespace', this.namespace, 'namespace', 'dns1123-label');
    checkKnownKeys(path, 'MeshService', props, MESH_SERVICE_KEYS);
    if (typeof props.image !== 'string' || props.image.trim() === '' || /\s/.test(props.image)) {
      throw new MeshError({ path, problem: 'invalid image', value: props.image, expected: 'a container image reference without whitespace', fix: 'set `image`, e.g. "ghcr.io/acme/cart@sha256:…"' });
    }
    if (props.runAsUser !== undefined && (!Number.isInteger(props.runAsUser) || props.runAsUser < 1 || props.runAsUser > 2147483647 || props.runAsUser === ISTIO_PROXY_UID)) {
      throw new MeshError({
        path,
        problem: 'invalid runAsUser',
        value: props.runAsUser,
        expected: `a non-root UID from 1 to 2147483647 other than ${ISTIO_PROXY_UID} (the Istio proxy's UID: its traffic bypasses interception, so the workload would skip the mesh)`,
        fix: 'pick another UID; to run as root use hardeningExceptions.runAsRoot with a justification',
      });
    }
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 2147483647) {
      throw new MeshError({ path, problem: 'invalid replicas', value: replicas, expected: 'an integer from 1 to 2147483647', fix: 'set `replicas` to 1 or more' });
    }
    checkPorts(path, props.ports);
    this._ports = resolvePorts(props.ports);
    this._resilience = resilienceModel(path, props.resilience);
    this.proxyModel = props.proxyModel ?? this.mesh.defaultProxyModel;
    this.riskProfile = props.riskProfile ?? this.mesh.defaultRiskProfile;
    this._segmentation = resolveSegmentation(path, props.networkSegmentation, this.riskProfile, this.proxyModel._kind());
    this._egressSegmentation = resolveEgressSegmentation(path, props.egressSegmentation, this.proxyModel._kind());
    const backend = backendFor(this.proxyModel._kind());
    if (!backend) {
      throw new MeshError({ path, problem: 'unsupported proxy model', value: this.proxyModel.name, expected: 'a proxy model this version compiles', fix: 'use ProxyModel.sidecar()' });
    }
    this._backend = backend;
    const unfit = backend.serviceProblem(this._toModel());
    if (unfit) throw new MeshError({ path, ...unfit });

    this._hooks.register(this);

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace },
      automountToken: false,
    });
    this.identity = new WorkloadIdentity(this, 'Identity', { serviceAccountName: this.name, namespace: this.namespace, trustDomain: this.mesh.trustDomain });
    const own = this._toModel();
    // Refuse unsupported settings before any object exists, so a caught error leaves nothing behind.
    if (props.resilience !== undefined) this._requireSupport('resilience', serviceFeatures(own, true));
    this.deployment = hardenedDeployment(this, {
      name: this.name, namespace: this.namespace, ports: this._ports, serviceAccount: this.serviceAccount, replicas,
      image: props.image, resources: props.resources, readiness: props.readiness, runAsUser: props.runAsUser, hardeningExceptions: props.hardeningExceptions,
      podLabels: backend.podLabels(own), podAnnotations: backend.podAnnotations(own), risk: this.riskProfile,
      networkException: this._segmentation.enabled ? undefined : this._segmentation.justification,
    });
    this.service = meshKubeService(this, { name: this.name, namespace: this.namespace, ports: this._ports, deployment: this.deployment, labels: backend.serviceLabels(own) });
    if (this._backend.capabilities(this.proxyModel._waypoint()).resilience === true) this._resilienceObjects();
    this._syncObjects();
    if (!this._egressSegmentation.enabled && this._egressSegmentation.justification !== undefined) {
      this.deployment.metadata.addAnnotation(EGRESS_EXCEPTION_ANNOTATION, this._egressSegmentation.justification);
    }
    if (this._segmentation.enabled || this._egressSegmentation.enabled) this.networkPolicy = this._networkPolicy();
    this.node.addValidation({
      validate: () => (this._requireEndUser && this._issuers.length === 0
        ? [`requireEndUser() without an issuer: no token could ever be valid, so every HTTP request would be denied; fix: call acceptTokensFrom(issuer) or use EndUser.issuer(issuer) in a rule`]
        : []),
    });
  }

  /** The ports of the service, as given (with defaults applied). */
  public get ports(): MeshServicePort[] {
    return this._ports.map((p) => ({ port: p.port, targetPort: p.targetPort, name: p.name, protocol: p.protocol as MeshServicePort['protocol'] }));
  }

  /**
   * Admits `peer` to this service on what `options` describes (SP 800-204B service-level and,
   * with `endUser`, end-user authorization). Rendered into this service's ALLOW
   * AuthorizationPolicy (`<name>-allow`); several calls merge deterministically (the same
   * operation and conditions ⇒ one rule with the union of the sources).
   */
  public allowFrom(peer: IPeer, options: AccessOptions = {}): void {
    this._addRule('allowFrom', 'ALLOW', peer, options);
  }

  /**
   * Denies `peer` what `options` describes, whatever any ALLOW rule says (DENY is evaluated
   * before ALLOW). Rendered into `<name>-deny`. Use `Peer.anyone()` to deny every caller.
   */
  public denyFrom(peer: IPeer, options: AccessOptions = {}): void {
    this._addRule('denyFrom', 'DENY', peer, options);
  }

  /**
   * Marks matching requests for audit logging without changing the decision. Rendered into
   * `<name>-audit` (needs an audit-capable telemetry provider to have an effect).
   */
  public auditFrom(peer: IPeer, options: AccessOptions = {}): void {
    this._addRule('auditFrom', 'AUDIT', peer, options);
  }

  /**
   * Sends the requests that `options` describes to an external authorizer before any DENY or
   * ALLOW policy is evaluated (a CUSTOM AuthorizationPolicy `<name>-custom`; the authorizer can
   * only deny). The authorizer's service admits this service on its check port. A workload can
   * use one authorizer; dry-run CUSTOM rules still call it (Istio limitation).
   */
  public authorizeWith(authorizer: ExternalAuthorizer, options: ExternalAuthorizationOptions = {}): void {
    if (authorizer.mesh !== this.mesh) {
      throw new MeshError({ path: this.node.path, problem: 'authorizeWith: authorizer of another mesh', value: authorizer.node.path, expected: `an ExternalAuthorizer of the mesh ${this.mesh.node.path}`, fix: 'create the authorizer with `mesh` set to this service\'s mesh' });
    }
    const other = this._access.find((r) => r.action === 'CUSTOM' && r.provider !== authorizer.providerName);
    if (other) {
      throw new MeshError({ path: this.node.path, problem: 'authorizeWith: second external authorizer', value: authorizer.providerName, expected: `one authorizer per workload (already using ${other.provider}); Istio generates deny-all configuration for workloads with several`, fix: 'route every check through one authorizer' });
    }
    const { from, ...access } = options;
    // An HTTP check API never runs on TCP ports (Istio ignores the CUSTOM policy there): limit
    // the rule to HTTP ports, and refuse TCP ports named explicitly.
    const httpPorts = this._ports.filter((p) => p.protocol !== 'tcp').map((p) => p.port);
    if (authorizer.httpApi && this._ports.some((p) => p.protocol === 'tcp')) {
      const tcp = (access.ports ?? []).find((n) => !httpPorts.includes(n));
      if (tcp !== undefined || httpPorts.length === 0) {
        throw new MeshError({ path: this.node.path, problem: 'authorizeWith: HTTP authorizer on a TCP port', value: tcp ?? this._ports[0].port, expected: 'HTTP ports only (Istio ignores an ext_authz HTTP provider on TCP traffic, so those connections would go unchecked)', fix: 'use a gRPC authorizer (its check API covers TCP), or protect the TCP port with allowFrom/denyFrom' });
      }
    }
    const scoped = authorizer.httpApi && access.ports === undefined && httpPorts.length < this._ports.length ? { ...access, ports: httpPorts } : access;
    this._addRule('authorizeWith', 'CUSTOM', from ?? Peer.anyone(), scoped, authorizer.providerName, authorizer.failOpenJustification);
    // The check comes from this service's enforcement point: its proxy, or its waypoint.
    authorizer.service.allowFrom(this.proxyModel._waypoint() ? this._waypointPeer() : this, { ports: [authorizer.port] });
  }

  /**
   * Validates end-user tokens from `issuer` on this service (a RequestAuthentication selecting
   * its pods), without requiring them. Rules that name `EndUser.issuer(issuer)` add this
   * automatically.
   */
  public acceptTokensFrom(issuer: JwtIssuer): void {
    this._requireSupport('acceptTokensFrom', ['end-user']);
    this._acceptIssuer('acceptTokensFrom', issuer._toModel());
    this._syncObjects();
  }

  /**
   * Declares that this service calls `external` (SP 800-204A: egress only to declared
   * destinations). Its namespace's Sidecar lists the external hosts and the ServiceEntry is
   * exported to the namespace; everything else outside the mesh stays unreachable
   * (REGISTRY_ONLY).
   */
  public allowEgressTo(external: ExternalService): void {
    if (external.mesh !== this.mesh) {
      throw new MeshError({
        path: this.node.path,
        problem: 'allowEgressTo: external service of another mesh',
        value: external.node.path,
        expected: `an ExternalService of the mesh ${this.mesh.node.path}`,
        fix: 'create the ExternalService with `mesh` set to this service\'s mesh',
      });
    }
    this._requireSupport('allowEgressTo', ['egress']);
    const key = `${external.namespace}/${external.name}`;
    if (!this._egress.includes(key)) this._egress.push(key);
    this._hooks.changed();
  }

  /**
   * Requires a valid end-user token from one of the accepted issuers on every HTTP request
   * (SP 800-207A ID-SEG-REC-4): a DENY policy `<name>-require-jwt` with
   * `notRequestPrincipals: ["*"]`. Without it, a request with no token is not rejected by
   * RequestAuthentication. Needs at least one issuer (`acceptTokensFrom` or an `EndUser` rule).
   */
  public requireEndUser(): void {
    this._requireSupport('requireEndUser', ['require-end-user']);
    if (!this._ports.some((p) => p.protocol !== 'tcp')) {
      throw new MeshError({ path: this.node.path, problem: 'requireEndUser on a service without HTTP ports', value: this._ports.map((p) => p.port), expected: 'an http, http2 or grpc port (tokens travel in HTTP requests)', fix: 'remove requireEndUser, or add the HTTP port the clients use' });
    }
    this._requireEndUser = true;
    this._syncObjects();
  }

  public toPeerConfig(): PeerConfig {
    return {
      label: `${this.namespace}/${this.name}`,
      identities: [{ namespace: this.namespace, serviceAccount: this.name, trustDomain: this.mesh.trustDomain }],
      mesh: this.mesh,
    };
  }

  /**
   * The collected intent of this service.
   * @internal
   */
  public _toModel(): ServiceModel {
    return {
      path: this.node.path,
      name: this.name,
      namespace: this.namespace,
      identity: { namespace: this.namespace, serviceAccount: this.name },
      selector: { app: this.name },
      ports: this._ports,
      proxyModel: this.proxyModel._kind(),
      waypoint: this.proxyModel._waypoint(),
      ...(this.proxyModel._namespaceWaypoint() ? { namespaceWaypoint: true } : {}),
      risk: this.riskProfile,
      access: this._access,
      jwtIssuers: this._issuers,
      requireEndUser: this._requireEndUser,
      egress: this._egress,
      resilience: this._resilience,
      ...(this._segmentation.enabled ? { networkSegmentation: { monitoringNamespaces: this._segmentation.monitoringNamespaces, callerPods: this._callerPods } } : {}),
      ...(this._egressSegmentation.enabled ? { egressSegmentation: { dns: this._egressSegmentation.dns } } : {}),
    };
  }

  private _addRule(verb: string, action: PolicyAction, peer: IPeer, options: AccessOptions, provider?: string, failOpen?: string): void {
    const rule = buildRule({ path: this.node.path, mesh: this.mesh, ports: this._ports, verb }, action, peer, options, provider, failOpen);
    this._requireSupport(verb, ruleFeatures(rule));
    const unfit = this._backend.ruleProblem?.(rule);
    if (unfit) throw new MeshError({ path: this.node.path, ...unfit, problem: `${verb}: ${unfit.problem}` });
    if (MeshService.isMeshService(peer) && action !== 'CUSTOM') {
      const problem = callProblem(peer.proxyModel._kind(), this._backend.kind);
      if (problem) {
        throw new MeshError({
          path: this.node.path,
          problem: `${verb}: a ${modelTitle(peer.proxyModel._kind(), peer.proxyModel._waypoint())} caller cannot reach this ${modelTitle(this._backend.kind, this.proxyModel._waypoint())} service`,
          value: peer.node.path,
          expected: `proxy models whose transports meet (${problem})`,
          fix: `run ${peer.name} or ${this.name} on a sidecar (ProxyModel.sidecar()), which interoperates with every Istio model`,
        });
      }
    }
    this._access.push(rule);
    const pods = gatewayCallerPods(peer);
    if (pods && !this._callerPods.some((c) => c.identity.namespace === pods.identity.namespace && c.identity.serviceAccount === pods.identity.serviceAccount)) this._callerPods.push(pods);
    if (rule.endUser) this._acceptIssuer(verb, rule.endUser.issuer);
    this._syncObjects();
  }

  /** Adds an issuer the service validates; two JwtIssuers for one `iss` with other settings are an error. */
  private _acceptIssuer(verb: string, issuer: JwtIssuerModel): void {
    const same = this._issuers.find((i) => i.issuer === issuer.issuer);
    if (!same) {
      this._issuers.push(issuer);
      return;
    }
    const { path: p1, ...a } = same;
    const { path: p2, ...b } = issuer;
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      throw new MeshError({ path: this.node.path, problem: `${verb}: two JwtIssuers for the issuer ${issuer.issuer}`, value: p2, expected: `one JwtIssuer per issuer (${p1} already describes it with other keys, audiences or token locations; one RequestAuthentication rule per issuer can hold only one)`, fix: `use ${p1} everywhere` });
    }
  }

  /** The identity of this service's waypoint, as a peer. */
  private _waypointPeer(): IPeer {
    const serviceAccount = waypointName(this._toModel());
    return { toPeerConfig: () => ({ label: `${this.namespace}/${serviceAccount}`, identities: [{ namespace: this.namespace, serviceAccount, trustDomain: this.mesh.trustDomain }] }) };
  }

  /** Throws when this service's proxy model cannot enforce one of `features`. */
  private _requireSupport(verb: string, features: readonly Feature[]): void {
    const missing = firstUnsupported(this._backend.capabilities(this.proxyModel._waypoint()), features);
    if (!missing) return;
    throw new MeshError({
      path: this.node.path,
      problem: `${verb}: ${featureTitle(missing.feature)} is not enforced by the ${modelTitle(this._backend.kind, this.proxyModel._waypoint())} proxy model`,
      value: this.proxyModel.name,
      expected: `a proxy model that enforces it (${missing.reason})`,
      fix: missing.fix,
    });
  }

  /** Creates the ApiObject of every policy object the backend now needs; specs stay lazy. */
  private _syncObjects(): void {
    this._hooks.changed();
    const settings = this._hooks.settings();
    for (const slot of this._backend.objectSlots(settings, this._toModel())) {
      const key = `${slot.kind}.${slot.name}`;
      if (this._emitted.has(key)) continue;
      this._emitted.add(key);
      const compiled = (): Manifest => {
        const found = this._backend.compileService(this._hooks.model(), this._toModel()).find((m) => m.kind === slot.kind && m.metadata.name === slot.name);
        if (!found) throw new Error(`internal error: ${this._backend.kind} compiler announced ${key} for ${this.node.path} but did not produce it`);
        if (JSON.stringify(found.metadata.labels ?? {}) !== JSON.stringify(slot.labels ?? {}) || JSON.stringify(found.metadata.annotations ?? {}) !== JSON.stringify(slot.annotations ?? {})) {
          throw new Error(`internal error: ${this._backend.kind} compiler announced other metadata for ${key} of ${this.node.path} than it produced`);
        }
        return found;
      };
      new ApiObject(this, key, {
        apiVersion: slot.apiVersion,
        kind: slot.kind,
        metadata: {
          name: slot.name,
          namespace: slot.namespace,
          ...(slot.labels ? { labels: { ...slot.labels } } : {}),
          ...(slot.annotations ? { annotations: { ...slot.annotations } } : {}),
        },
        spec: Lazy.any({ produce: () => compiled().spec }),
      });
    }
  }

  /** The NetworkPolicy (`<scope>/NetworkPolicy`); its spec is compiled at synth, with the whole mesh in view. */
  private _networkPolicy(): ApiObject {
    return new ApiObject(this, 'NetworkPolicy', {
      apiVersion: NETWORK_POLICY_API,
      kind: 'NetworkPolicy',
      metadata: { name: networkPolicyName(this), namespace: this.namespace },
      spec: Lazy.any({ produce: () => networkPolicy(this._hooks.model(), this._toModel())!.spec }),
    });
  }

  /** DestinationRule and (with HTTP ports) VirtualService with this service's resilience settings. */
  private _resilienceObjects(): void {
    const mesh = () => this._hooks.model();
    const emit = (id: string, manifest: Manifest | undefined, produce: () => unknown) => {
      if (!manifest) return;
      new ApiObject(this, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { ...manifest.metadata }, spec: Lazy.any({ produce }) });
    };
    const own = this._toModel();
    const preview: MeshModel = { ...this._hooks.settings(), services: [own], externalServices: [] };
    emit('Resilience', resilienceRule(preview, own), () => resilienceRule(mesh(), this._toModel()).spec);
    emit('Routes', resilienceRoutes(preview, own), () => resilienceRoutes(mesh(), this._toModel())!.spec);
  }
}

const MESH_SERVICE = Symbol.for('cdk8s-mesh.MeshService');

/** UID of the Istio proxy; traffic from this UID is not redirected through the sidecar. */
const ISTIO_PROXY_UID = 1337;

const MESH_SERVICE_KEYS: readonly string[] = ['mesh', 'image', 'ports', 'name', 'namespace', 'replicas', 'proxyModel', 'riskProfile', 'resources', 'resilience', 'readiness', 'runAsUser', 'hardeningExceptions', 'networkSegmentation', 'egressSegmentation'];
