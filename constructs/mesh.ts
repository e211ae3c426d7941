// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshNamespace } from './private/mesh-namespace';
import type { IMesh } from './i-mesh';
import { IngressGateway } from './ingress-gateway';
import type { IngressGatewayOptions } from './ingress-gateway-options';
import { MeshConfigDelivery } from './mesh-config-delivery';
import { MeshService } from './mesh-service';
import type { MeshServiceOptions } from './mesh-service-options';
import type { MeshComplianceOptions } from './compliance-options';
import { MeshTelemetry } from './mesh-telemetry';
import { enableComplianceCheck } from './private/compliance-check';
import { bindMeshConfig, MeshConfigCollector } from './private/mesh-config-registry';
import { bindMesh, claimInApp, type RegisteredExternal, type RegisteredService } from './private/mesh-registry';
import { ProxyModel } from './proxy-model';
import { RiskProfile } from './risk-profile';
import { checkName, checkTrustDomain } from './private/input-checks';
import type { MeshTelemetryOptions } from './telemetry-options';
import { meshWideMtls } from '../lib/compile/mesh-wide';
import { MeshError } from '../lib/model/errors';
import type { MeshModel, MeshSettingsModel } from '../lib/model/mesh-model';

/** Properties of a `Mesh`. */
export interface MeshProps {
  /**
   * Trust domain of the mesh: the authority part of every SPIFFE id it issues. Must equal the
   * Istio installation's `meshConfig.trustDomain`.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Istio's root namespace: policies there apply mesh-wide. Must equal the installation's
   * `meshConfig.rootNamespace`.
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * DNS suffix of the cluster's services, used to name mesh services in egress scopes. Must equal
   * the cluster's DNS domain (kubelet `clusterDomain`).
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Risk profile of services that don't set their own. High is the secure default: it
   * admits only the sidecar proxy model; lower it explicitly where SP 800-233 allows.
   *
   * @default RiskProfile.HIGH
   */
  readonly defaultRiskProfile?: RiskProfile;
  /**
   * Proxy model of services that don't set their own.
   *
   * @default ProxyModel.sidecar()
   */
  readonly defaultProxyModel?: ProxyModel;
  /**
   * Mesh-wide access logging, metrics and tracing (the `Telemetry` `mesh-default` in the root
   * namespace and its extension providers in `meshConfig`).
   *
   * @default - every request logged as JSON without credentials, Prometheus metrics, no tracing
   */
  readonly telemetry?: MeshTelemetryOptions;
  /**
   * How the mesh config fragment (`meshConfig`) reaches istiod.
   *
   * @default MeshConfigDelivery.sharedConfigMap()
   */
  readonly meshConfigDelivery?: MeshConfigDelivery;
  /**
   * The rule packs that check the whole app at synth (NIST SP 800-204/204A/204B/207A/233), what
   * fails the synth, and the reports written next to the manifests.
   *
   * @default - every NIST pack and the Istio semantics pack; errors fail synth; JSON, SARIF and Markdown reports in `<outdir>/compliance`
   */
  readonly compliance?: MeshComplianceOptions;
  /**
   * Lifetime of the workload certificates the proxies request (SP 800-204A SM-DR13: hours, not
   * days), rendered as `defaultConfig.proxyMetadata.SECRET_TTL` in the mesh config fragment.
   * istiod caps it at its `MAX_WORKLOAD_CERT_TTL`.
   *
   * @default Duration.hours(1)
   */
  readonly workloadCertificateTtl?: Duration;
}

/**
 * A zero-trust service mesh (NIST SP 800-204A/B): mutual TLS everywhere and default deny.
 *
 * It emits a mesh-wide STRICT `PeerAuthentication` in the root namespace, and for every
 * namespace its services use, the Namespace (labelled for the proxy model) and an
 * allow-nothing `AuthorizationPolicy`. Services are added with `addService`.
 *
 * @see https://istio.io/latest/docs/concepts/security/
 */
export class Mesh extends Construct implements IMesh {
  /** Trust domain of the mesh. */
  public readonly trustDomain: string;
  /** Istio's root namespace. */
  public readonly rootNamespace: string;
  /** DNS suffix of the cluster's services (`<svc>.<ns>.svc.<clusterDomain>`). */
  public readonly clusterDomain: string;
  /** Risk profile of services that don't set their own. */
  public readonly defaultRiskProfile: RiskProfile;
  /** Proxy model of services that don't set their own. */
  public readonly defaultProxyModel: ProxyModel;
  /** Mesh-wide access logging, metrics and tracing. */
  public readonly telemetry: MeshTelemetry;
  /** Lifetime of the workload certificates the proxies request. */
  public readonly workloadCertificateTtl: Duration;

  private readonly _services: RegisteredService[] = [];
  /** Registered services by `<namespace>/<name>`. */
  private readonly _serviceKeys = new Map<string, RegisteredService>();
  /** Namespaces where a service uses the namespace waypoint. */
  private readonly _namespaceWaypointUsers = new Set<string>();
  private readonly _externals: RegisteredExternal[] = [];
  private readonly _namespaces = new Map<string, MeshNamespace>();
  private readonly _meshConfig: MeshConfigCollector;
  private _collected?: MeshModel;
  private readonly _tracingCollector?: { service: string; namespace: string };

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    this.trustDomain = props.trustDomain ?? 'cluster.local';
    this.rootNamespace = props.rootNamespace ?? 'istio-system';
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    const tracing = props.telemetry?.tracing;
    if (tracing) this._tracingCollector = { service: tracing.collectorService, namespace: tracing.collectorNamespace ?? this.rootNamespace };
    this.defaultRiskProfile = props.defaultRiskProfile ?? RiskProfile.HIGH;
    this.defaultProxyModel = props.defaultProxyModel ?? ProxyModel.sidecar();
    checkTrustDomain(this.node.path, this.trustDomain);
    checkName(this.node.path, 'root namespace', this.rootNamespace, 'rootNamespace', 'dns1123-label');
    checkName(this.node.path, 'cluster domain', this.clusterDomain, 'clusterDomain', 'dns1123-subdomain');

    const other = claimInApp(this, `root namespace ${this.rootNamespace}`);
    if (other !== undefined) {
      throw new MeshError({
        path: this.node.path,
        problem: 'second mesh with the same root namespace',
        value: this.rootNamespace,
        expected: `one Mesh per root namespace in an app (${other} already emits its mesh-wide policies)`,
        fix: 'add the services to the existing Mesh, or synthesize the second mesh in another App',
      });
    }
    new ApiObject(this, 'MeshMtls', meshWideMtls(this._settings()));
    bindMesh(this, {
      register: (s) => this._register(s),
      settings: () => this._settings(),
      model: () => this._collect(),
      changed: () => {
        this._collected = undefined;
      },
      registerExternal: (e) => this._registerExternal(e),
      enrolNamespace: (namespace, path) => {
        this._enrolNamespace(namespace, path, 'gateway');
      },
    });
    this._meshConfig = new MeshConfigCollector(this, this._meshConfigTarget(props.meshConfigDelivery ?? MeshConfigDelivery.sharedConfigMap()));
    bindMeshConfig(this, this._meshConfig);
    // Paths are matched after decoding and merging slashes, so `//internal` or `%2Finternal`
    // cannot slip past a DENY on `/internal/` (Istio's default, BASE, does neither).
    this._meshConfig.contribute({ source: this.node.path, fields: { pathNormalization: { normalization: 'DECODE_AND_MERGE_SLASHES' } } });
    this.workloadCertificateTtl = props.workloadCertificateTtl ?? Duration.hours(1);
    this._meshConfig.contribute({ source: this.node.path, fields: { defaultConfig: { proxyMetadata: { SECRET_TTL: certificateTtl(this.node.path, this.workloadCertificateTtl) } } } });
    this.telemetry = new MeshTelemetry(this, 'Telemetry', { ...props.telemetry, mesh: this });
    enableComplianceCheck(this, props.compliance, this.defaultRiskProfile);
  }

  /**
   * The MeshConfig fragment the mesh needs (`extensionProviders` sorted by name, and any other
   * field a construct contributed), as a plain JSON object: what the shared mesh config
   * ConfigMap carries, and what to merge into the Helm value `meshConfig` or IstioOperator
   * `spec.meshConfig` when istiod does not read that ConfigMap.
   */
  public get meshConfig(): any {
    return this._meshConfig.fragment();
  }

  /** Every service of the mesh, in the order they were added. */
  public get services(): MeshService[] {
    return this._services.filter(MeshService.isMeshService);
  }

  /**
   * Adds an ingress gateway: a Gateway API `Gateway` of class `istio` terminating TLS, with its
   * own AuthorizationPolicy; route services through it with `gateway.route(service, options)`.
   */
  public addIngressGateway(id: string, options: IngressGatewayOptions): IngressGateway {
    return new IngressGateway(this, id, { ...options, mesh: this });
  }

  /** Adds a service to the mesh: Deployment, Service, dedicated ServiceAccount and policies. */
  public addService(id: string, options: MeshServiceOptions): MeshService {
    return new MeshService(this, id, { ...options, mesh: this });
  }

  private _register(service: RegisteredService): void {
    const clash = this._serviceKeys.get(`${service.namespace}/${service.name}`);
    if (clash) {
      throw new MeshError({
        path: service.node.path,
        problem: 'duplicate service name',
        value: `${service.namespace}/${service.name}`,
        expected: `a name not yet used in namespace "${service.namespace}" (already used by ${clash.node.path})`,
        fix: 'give one of the services another name (the `name` option) or another namespace',
      });
    }
    const ns = this._enrolNamespace(service.namespace, service.node.path, 'service');
    const model = service._toModel();
    if (model.proxyModel === 'sidecar') ns.enableSidecarScope();
    if (model.namespaceWaypoint) ns.enableNamespaceWaypoint();
    const waypointUser = this._namespaceWaypointUsers.has(service.namespace);
    const named = service.name === 'waypoint' || this._serviceKeys.has(`${service.namespace}/waypoint`);
    if (named && (model.namespaceWaypoint || waypointUser)) {
      throw new MeshError({
        path: service.node.path,
        problem: 'service named "waypoint" next to the namespace waypoint',
        value: `${service.namespace}/waypoint`,
        expected: 'another service name: the shared waypoint runs as the ServiceAccount "waypoint", so the service would share its identity',
        fix: 'rename the service (the `name` option)',
      });
    }
    this._services.push(service);
    this._serviceKeys.set(`${service.namespace}/${service.name}`, service);
    if (model.namespaceWaypoint) this._namespaceWaypointUsers.add(service.namespace);
    this._collected = undefined;
  }

  /**
   * The mesh's objects for `namespace` (Namespace, allow-nothing, Sidecar), created on first use.
   * Throws when the namespace is a system or the root namespace, or another mesh manages it.
   */
  private _enrolNamespace(namespace: string, path: string, what: string): MeshNamespace {
    if (SYSTEM_NAMESPACES.includes(namespace)) {
      throw new MeshError({
        path,
        problem: `${what} in a system namespace`,
        value: namespace,
        expected: `an application namespace: Istio never injects proxies into ${SYSTEM_NAMESPACES.join(', ')}, so mTLS and policies would not apply`,
        fix: 'set the `namespace` option to an application namespace',
      });
    }
    if (namespace === this.rootNamespace) {
      throw new MeshError({
        path,
        problem: `${what} in the root namespace`,
        value: namespace,
        expected: `a namespace other than the root namespace "${this.rootNamespace}", whose policies apply mesh-wide`,
        fix: 'set the `namespace` option to an application namespace',
      });
    }
    let ns = this._namespaces.get(namespace);
    if (!ns) {
      const owner = claimInApp(this, `namespace ${namespace}`);
      if (owner !== undefined) {
        throw new MeshError({
          path,
          problem: 'namespace managed by another mesh',
          value: namespace,
          expected: `a namespace no other Mesh of the app manages (${owner} emits its Namespace and default deny)`,
          fix: `add the ${what} to that mesh, or use another namespace`,
        });
      }
      ns = new MeshNamespace(this, `Namespace-${namespace}`, { name: namespace, model: () => this._collect() });
      this._namespaces.set(namespace, ns);
    }
    return ns;
  }

  /** Where the shared mesh config ConfigMap goes (checked, and claimed in the app); undefined for manual delivery. */
  private _meshConfigTarget(delivery: MeshConfigDelivery): { name: string; namespace: string } | undefined {
    const target = delivery._configMap(this.rootNamespace, this.node.path);
    if (!target) return undefined;
    checkName(this.node.path, 'shared mesh config name', target.name, 'meshConfigDelivery name', 'dns1123-subdomain');
    checkName(this.node.path, 'shared mesh config namespace', target.namespace, 'meshConfigDelivery namespace', 'dns1123-label');
    const owner = claimInApp(this, `ConfigMap ${target.namespace}/${target.name}`);
    if (owner !== undefined) {
      throw new MeshError({
        path: this.node.path,
        problem: 'shared mesh config ConfigMap emitted by another mesh',
        value: `${target.namespace}/${target.name}`,
        expected: `a ConfigMap no other Mesh of the app emits (${owner} does)`,
        fix: 'give this mesh\'s ConfigMap another name with MeshConfigDelivery.sharedConfigMap({ name })',
      });
    }
    return target;
  }

  private _settings(): MeshSettingsModel {
    const collector = this._tracingCollector;
    return {
      path: this.node.path,
      trustDomain: this.trustDomain,
      rootNamespace: this.rootNamespace,
      clusterDomain: this.clusterDomain,
      ...(collector ? { infrastructureHosts: [`${collector.namespace}/${collector.service}.${collector.namespace}.svc.${this.clusterDomain}`] } : {}),
    };
  }

  private _registerExternal(external: RegisteredExternal): void {
    const clash = this._externals.find((e) => e.name === external.name && e.namespace === external.namespace);
    if (clash) {
      throw new MeshError({
        path: external.node.path,
        problem: 'duplicate external service name',
        value: `${external.namespace}/${external.name}`,
        expected: `a name not yet used in namespace "${external.namespace}" (already used by ${clash.node.path})`,
        fix: 'give one of them another name (the `name` prop) or another namespace',
      });
    }
    const hosts = new Set(external._toModel().hosts);
    const sharing = this._externals.find((e) => e._toModel().hosts.some((h) => hosts.has(h)));
    if (sharing) {
      throw new MeshError({
        path: external.node.path,
        problem: 'external host declared twice',
        value: sharing._toModel().hosts.find((h) => hosts.has(h)),
        expected: `each host in one ExternalService (already declared by ${sharing.node.path}); two ServiceEntries for one host would merge their ports and TLS settings unpredictably`,
        fix: 'declare every port of the host in one ExternalService',
      });
    }
    this._externals.push(external);
    this._collected = undefined;
  }

  /**
   * The collected intent of the whole mesh.
   * @internal
   */
  public _toModel(): MeshModel {
    return this._collect();
  }

  /** The model, collected once and reused until a service's intent changes. */
  private _collect(): MeshModel {
    this._collected ??= {
      ...this._settings(),
      services: this._services.map((s) => s._toModel()),
      externalServices: this._externals.map((e) => e._toModel()),
    };
    return this._collected;
  }
}

/** A certificate lifetime as a Go duration (`1h0m0s`), between 10 minutes and 24 hours. */
function certificateTtl(path: string, ttl: Duration): string {
  const seconds = ttl.toSeconds();
  if (!Number.isInteger(seconds) || seconds < 600 || seconds > 86_400) {
    throw new MeshError({
      path,
      problem: 'invalid workload certificate lifetime',
      value: `${seconds}s`,
      expected: 'whole seconds from 10 minutes (shorter lifetimes rotate faster than istiod signs under load) to 24 hours (SM-DR13: hours, not days)',
      fix: 'set `workloadCertificateTtl` to e.g. Duration.hours(1)',
    });
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h}h${m}m${seconds % 60}s`;
}

/** Namespaces Istio's injector never touches (its IgnoredNamespaces). */
const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];
