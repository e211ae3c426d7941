// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { IMesh } from './i-mesh';
import { checkKnownKeys, checkName, ISTIO_RESERVED_PORTS } from './private/input-checks';
import { claimInApp, meshHooks, type MeshHooks, type RegisteredExternal } from './private/mesh-registry';
import { egressAllowPolicy, egressDenyPolicy, egressGateway, egressGatewayRule } from '../lib/compile/egress/egress-gateway';
import { egressGatewayKey, egressServerName, egressSubsetName } from '../lib/compile/egress/egress-names';
import type { Manifest } from '../lib/compile/manifest';
import { labelValue, qualifiedName } from '../lib/conform/meta/names';
import type { EgressGatewayModel, ExternalServiceModel } from '../lib/model/egress-model';
import { MeshError } from '../lib/model/errors';
import type { MeshModel } from '../lib/model/mesh-model';

/** Properties of an `EgressGateway`. */
export interface EgressGatewayProps {
  /** The mesh whose external services may leave through the gateway. */
  readonly mesh: IMesh;
  /**
   * Namespace of the gateway's Deployment and Service; the Istio `Gateway`, the DestinationRule
   * towards the gateway and its AuthorizationPolicies are emitted there.
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Pod labels of the gateway's Deployment: the Istio `Gateway`'s `selector` and the
   * AuthorizationPolicies' `selector.matchLabels`. At least one label. In the root namespace the
   * policies apply to workloads with these labels in every namespace (Istio's root-namespace rule),
   * so keep them specific to the gateway.
   *
   * @default { istio: 'egressgateway' }
   */
  readonly selector?: { [key: string]: string };
  /**
   * ServiceAccount the gateway's pods run as. Callers' sidecars accept only this identity
   * (`spiffe://<trustDomain>/ns/<namespace>/sa/<name>`) when connecting to the gateway.
   *
   * @default 'istio-egressgateway'
   */
  readonly serviceAccountName?: string;
  /**
   * The gateway's Kubernetes Service, which callers' sidecars connect to; it also names the
   * Istio `Gateway` and the DestinationRule (`<name>`) and the policies (`<name>-allow`,
   * `<name>-deny`).
   *
   * @default 'istio-egressgateway'
   */
  readonly serviceName?: string;
  /**
   * Ports of the gateway's Service. Each port of an external service routed through the gateway
   * is served on the same port of the gateway, so it must be one of these.
   *
   * @default [80, 443] — the Service ports of the `istio/gateway` Helm chart (besides 15021)
   */
  readonly servicePorts?: number[];
}

/**
 * An Istio egress gateway the platform installs (e.g. the `istio/gateway` Helm chart): this
 * construct emits no Deployment, only what routes external services through it (SP 800-204A
 * SM-DR10). Set it as `egressGateway` of an `ExternalService`: callers' sidecars then send that
 * service's traffic to the gateway over Istio mutual TLS, and the gateway forwards it — originating
 * TLS itself for `EgressTls.originate`, or passing the workload's own TLS through unread.
 *
 * Once a service is routed through it, the gateway gets an Istio `Gateway` (`ISTIO_MUTUAL`
 * servers for the routed hosts), a DestinationRule that callers use to reach it (one subset per
 * host: its SNI, and the gateway's identity pinned), an ALLOW AuthorizationPolicy admitting per
 * host only the mesh services that declared `allowEgressTo`, and a DENY policy that keeps anyone
 * else out for those hosts whatever other policy the gateway has. Anything else through the gateway
 * is denied too. Istio cannot stop a workload that bypasses its sidecar from leaving directly: block
 * that with NetworkPolicies or the network (Istio "Egress Gateways", additional security
 * considerations).
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
 */
export class EgressGateway extends Construct {
  /** The mesh whose external services may leave through the gateway. */
  public readonly mesh: IMesh;
  /** Namespace of the gateway's pods and Service. */
  public readonly namespace: string;
  /** ServiceAccount the gateway's pods run as. */
  public readonly serviceAccountName: string;
  /** The gateway's Kubernetes Service. */
  public readonly serviceName: string;
  private readonly _model: EgressGatewayModel;
  private readonly _hooks: MeshHooks;
  private readonly _routed: RegisteredExternal[] = [];

  constructor(scope: Construct, id: string, props: EgressGatewayProps) {
    super(scope, id);
    const path = this.node.path;
    checkKnownKeys(path, 'EgressGateway', props, ['mesh', 'namespace', 'selector', 'serviceAccountName', 'serviceName', 'servicePorts']);
    this.mesh = props.mesh;
    this._hooks = meshHooks(props.mesh, path);
    this.namespace = props.namespace ?? 'istio-system';
    this.serviceAccountName = props.serviceAccountName ?? 'istio-egressgateway';
    this.serviceName = props.serviceName ?? 'istio-egressgateway';
    checkName(path, 'namespace', this.namespace, 'namespace', 'dns1123-label');
    checkName(path, 'service account name', this.serviceAccountName, 'serviceAccountName', 'dns1123-subdomain');
    checkName(path, 'service name', this.serviceName, 'serviceName', 'dns1035-label');
    const selector = checkSelector(path, props.selector ?? { istio: 'egressgateway' });
    const servicePorts = checkServicePorts(path, props.servicePorts ?? [80, 443]);
    this._model = { path, namespace: this.namespace, selector, serviceAccount: this.serviceAccountName, serviceName: this.serviceName, servicePorts };

    const key = egressGatewayKey(this._model);
    for (const [claim, what] of [[`egress gateway ${key}`, `the Service ${key}`], [`egress gateway pods ${this.namespace} ${JSON.stringify(selector)}`, `the pods selected by ${JSON.stringify(selector)} in ${this.namespace}`]]) {
      const other = claimInApp(this, claim);
      if (other !== undefined) {
        throw new MeshError({
          path,
          problem: 'egress gateway declared twice',
          value: key,
          expected: `one EgressGateway per gateway deployment (${other} already refers to ${what}, and emits its Gateway and policies)`,
          fix: 'route every external service through that EgressGateway',
        });
      }
    }
  }

  /** Pod labels of the gateway's Deployment. */
  public get selector(): { [key: string]: string } {
    return { ...this._model.selector };
  }

  /** Ports of the gateway's Service that external services may be routed through. */
  public get servicePorts(): number[] {
    return [...this._model.servicePorts];
  }

  /**
   * The gateway as the compilers see it.
   * @internal
   */
  public _toModel(): EgressGatewayModel {
    return this._model;
  }

  /**
   * Routes `external` through the gateway (called by `ExternalService` once registered with the
   * mesh); emits the gateway's objects with the first routed service.
   * @internal
   */
  public _route(external: RegisteredExternal): void {
    this._checkRoute(external);
    this._routed.push(external);
    if (this._routed.length === 1) this._emit();
  }

  /**
   * Throws a MeshError when the gateway cannot serve `external` (called before it registers).
   * @internal
   */
  public _checkRoute(external: RegisteredExternal): void {
    const ext = external._toModel();
    const fail = (problem: string, value: unknown, expected: string, fix: string) => new MeshError({ path: external.node.path, problem, value, expected, fix });
    const missing = ext.ports.find((p) => !this._model.servicePorts.includes(p.port));
    if (missing) {
      throw fail('port not served by the egress gateway', missing.port,
        `a port of the gateway's Service ${this.namespace}/${this.serviceName} (${this._model.servicePorts.join(', ')}): the gateway serves each external port on the same port`,
        `use one of those ports, or add the port to the gateway's Service and to its servicePorts`);
    }
    for (const other of this._routed.map((r) => r._toModel())) {
      const host = ext.hosts.find((h) => other.hosts.includes(h));
      if (host) {
        throw fail('host already routed through this egress gateway', host,
          `each host routed by one ExternalService (${other.path} routes it): the gateway tells them apart by the host alone`,
          'declare all ports of the host in one ExternalService');
      }
      const clash = sameNames(ext, other);
      if (clash) {
        throw fail('egress gateway object name clash', clash,
          `distinct subset and server names (${other.path} derives the same from its namespace and name)`,
          'give one of the external services another name');
      }
    }
  }

  private _emit(): void {
    const preview: MeshModel = { ...this._hooks.settings(), services: [], externalServices: [] };
    const emit = (id: string, compile: (mesh: MeshModel, gateway: EgressGatewayModel) => Manifest) => {
      const shape = compile(preview, this._model);
      new ApiObject(this, id, {
        apiVersion: shape.apiVersion,
        kind: shape.kind,
        metadata: { ...shape.metadata },
        spec: Lazy.any({ produce: () => compile(this._hooks.model(), this._model).spec }),
      });
    };
    emit('Gateway', egressGateway);
    emit('DestinationRule', egressGatewayRule);
    emit('AllowPolicy', egressAllowPolicy);
    emit('DenyPolicy', egressDenyPolicy);
  }
}

/** A subset or server name that `a` and `b` would both emit, if any. */
function sameNames(a: ExternalServiceModel, b: ExternalServiceModel): string | undefined {
  const names = (e: ExternalServiceModel) => [
    ...e.hosts.map((_h, i) => egressSubsetName(e, i)),
    ...e.ports.map((p) => egressServerName(e, e.tlsOrigination ? 'HTTPS' : 'TLS', p.port)),
  ];
  const theirs = new Set(names(b));
  return names(a).find((n) => theirs.has(n));
}

function checkSelector(path: string, selector: { [key: string]: string }): Readonly<Record<string, string>> {
  const fail = (problem: string, value: unknown, expected: string) => new MeshError({
    path, problem, value, expected, fix: 'set selector to the labels of the gateway\'s pods, e.g. { istio: \'egressgateway\' } (the istio/gateway chart\'s `labels`)',
  });
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector) || Object.keys(selector).length === 0) {
    throw fail('empty egress gateway selector', selector, 'at least one label: an empty selector would make the gateway\'s policies apply to every workload of its namespace (or of the mesh, in the root namespace)');
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(selector).sort()) {
    const value = selector[key];
    const keyProblems = qualifiedName(key);
    if (keyProblems.length) throw fail('invalid selector label key', key, `a Kubernetes label key: ${keyProblems[0]}`);
    if (typeof value !== 'string') throw fail(`invalid selector label value of ${key}`, value, 'a string');
    const valueProblems = labelValue(value);
    if (valueProblems.length) throw fail(`invalid selector label value of ${key}`, value, `a Kubernetes label value: ${valueProblems[0]}`);
    out[key] = value;
  }
  return out;
}

function checkServicePorts(path: string, ports: number[]): readonly number[] {
  const fail = (problem: string, value: unknown, expected: string) => new MeshError({ path, problem, value, expected, fix: 'list the ports of the gateway\'s Service, e.g. [80, 443]' });
  if (!Array.isArray(ports) || ports.length === 0) throw fail('no egress gateway service ports', ports, 'at least one port');
  for (const [i, p] of ports.entries()) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw fail(`servicePorts[${i}] out of range`, p, 'an integer from 1 to 65535');
    if (ISTIO_RESERVED_PORTS.includes(p)) throw fail(`servicePorts[${i}]: port reserved by the Istio proxy`, p, `a port other than ${ISTIO_RESERVED_PORTS.join(', ')}`);
    if (ports.indexOf(p) !== i) throw fail(`servicePorts[${i}]: duplicate port`, p, 'each port listed once');
  }
  return [...ports].sort((a, b) => a - b);
}
