// SPDX-License-Identifier: Apache-2.0
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshNamespace } from './private/mesh-namespace';
import type { IMesh } from './i-mesh';
import { MeshService, type MeshServiceOptions } from './mesh-service';
import { bindMesh, claimInApp, type RegisteredService } from './private/mesh-registry';
import { ProxyModel } from './proxy-model';
import { RiskProfile } from './risk-profile';
import { checkName, checkTrustDomain } from './private/input-checks';
import type { MeshBackend } from '../lib/compile/backend';
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
  /** Risk profile of services that don't set their own. */
  public readonly defaultRiskProfile: RiskProfile;
  /** Proxy model of services that don't set their own. */
  public readonly defaultProxyModel: ProxyModel;

  private readonly _services: RegisteredService[] = [];
  private readonly _namespaces = new Map<string, MeshNamespace>();
  private _collected?: MeshModel;

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    this.trustDomain = props.trustDomain ?? 'cluster.local';
    this.rootNamespace = props.rootNamespace ?? 'istio-system';
    this.defaultRiskProfile = props.defaultRiskProfile ?? RiskProfile.HIGH;
    this.defaultProxyModel = props.defaultProxyModel ?? ProxyModel.sidecar();
    checkTrustDomain(this.node.path, this.trustDomain);
    checkName(this.node.path, 'root namespace', this.rootNamespace, 'rootNamespace', 'dns1123-label');

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
      register: (s, backend) => this._register(s, backend),
      settings: () => this._settings(),
      model: () => this._collect(),
      changed: () => {
        this._collected = undefined;
      },
    });
  }

  /** Every service of the mesh, in the order they were added. */
  public get services(): MeshService[] {
    return this._services.filter(MeshService.isMeshService);
  }

  /** Adds a service to the mesh: Deployment, Service, dedicated ServiceAccount and policies. */
  public addService(id: string, options: MeshServiceOptions): MeshService {
    return new MeshService(this, id, { ...options, mesh: this });
  }

  private _register(service: RegisteredService, backend: MeshBackend): void {
    const clash = this._services.find((s) => s.name === service.name && s.namespace === service.namespace);
    if (clash) {
      throw new MeshError({
        path: service.node.path,
        problem: 'duplicate service name',
        value: `${service.namespace}/${service.name}`,
        expected: `a name not yet used in namespace "${service.namespace}" (already used by ${clash.node.path})`,
        fix: 'give one of the services another name (the `name` option) or another namespace',
      });
    }
    if (SYSTEM_NAMESPACES.includes(service.namespace)) {
      throw new MeshError({
        path: service.node.path,
        problem: 'service in a system namespace',
        value: service.namespace,
        expected: `an application namespace: Istio never injects proxies into ${SYSTEM_NAMESPACES.join(', ')}, so mTLS and policies would not apply`,
        fix: 'set the `namespace` option to an application namespace',
      });
    }
    if (service.namespace === this.rootNamespace) {
      throw new MeshError({
        path: service.node.path,
        problem: 'service in the root namespace',
        value: service.namespace,
        expected: `a namespace other than the root namespace "${this.rootNamespace}", whose policies apply mesh-wide`,
        fix: 'set the `namespace` option to an application namespace',
      });
    }
    this._services.push(service);
    this._collected = undefined;
    let ns = this._namespaces.get(service.namespace);
    if (!ns) {
      const owner = claimInApp(this, `namespace ${service.namespace}`);
      if (owner !== undefined) {
        throw new MeshError({
          path: service.node.path,
          problem: 'namespace managed by another mesh',
          value: service.namespace,
          expected: `a namespace no other Mesh of the app manages (${owner} emits its Namespace and default deny)`,
          fix: 'add the service to that mesh, or use another namespace',
        });
      }
      ns = new MeshNamespace(this, `Namespace-${service.namespace}`, { name: service.namespace });
      this._namespaces.set(service.namespace, ns);
    }
    ns.addLabels(backend.namespaceLabels());
  }

  private _settings(): MeshSettingsModel {
    return { path: this.node.path, trustDomain: this.trustDomain, rootNamespace: this.rootNamespace };
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
    this._collected ??= { ...this._settings(), services: this._services.map((s) => s._toModel()) };
    return this._collected;
  }
}

/** Namespaces Istio's injector never touches (its IgnoredNamespaces). */
const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];
