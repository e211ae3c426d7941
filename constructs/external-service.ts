// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { EgressGateway } from './egress-gateway';
import type { IMesh } from './i-mesh';
import { resilienceModel } from './private/resilience-model';
import type { ResilienceOptions } from './resilience';
import { checkKnownKeys, checkName } from './private/input-checks';
import { meshHooks, type MeshHooks } from './private/mesh-registry';
import { egressRoutes, sharedEgressHosts } from '../lib/compile/egress/egress-gateway';
import { egressRouteName } from '../lib/compile/egress/egress-names';
import { ISTIO_NETWORKING_API } from '../lib/compile/egress/egress-types';
import { externalHostRules, externalRouteName, externalRoutes, externalRuleName, serviceEntry } from '../lib/compile/egress/service-entry';
import type { Manifest } from '../lib/compile/manifest';
import type { EgressGatewayModel, ExternalPortModel, ExternalServiceModel, TlsOriginationModel } from '../lib/model/egress-model';
import { MeshError } from '../lib/model/errors';
import { isDns1123Subdomain } from '../lib/model/names';

/** Protocol of a port of an external service, as the ServiceEntry declares it. */
export enum ExternalProtocol {
  /** TLS the workload opens itself; the proxy routes by SNI without decrypting. */
  TLS = 'TLS',
  /** HTTPS the workload opens itself (treated like TLS by the proxy). */
  HTTPS = 'HTTPS',
  /** Plain HTTP from the workload: only with `tls: EgressTls.originate(...)`, or a justified plaintext exception. */
  HTTP = 'HTTP',
  /** HTTP/2 in plaintext (same rule as HTTP). */
  HTTP2 = 'HTTP2',
  /** gRPC in plaintext (same rule as HTTP). */
  GRPC = 'GRPC',
  /** Opaque TCP (e.g. a database): only with a justified plaintext exception unless the workload encrypts it. */
  TCP = 'TCP',
}

/** A port of an external service. */
export interface ExternalServicePort {
  /** Port the workload connects to. */
  readonly port: number;
  /** Protocol on that port. */
  readonly protocol: ExternalProtocol;
  /**
   * Port on the remote side, when it differs (with TLS origination: the workload calls 80, the
   * proxy connects to 443).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
}

/** TLS origination settings. */
export interface TlsOriginationOptions {
  /**
   * Subject alternative names the server certificate must carry (verified in addition to the
   * chain), e.g. `['api.stripe.com']`.
   */
  readonly subjectAltNames: string[];
  /**
   * SNI to send.
   *
   * @default - the host being called
   */
  readonly sni?: string;
  /**
   * Secret with the CA bundle (`ca.crt`) that signs the server certificate, in the namespace of the
   * egress gateway. Only with `egressGateway`: Istio ignores the TLS settings of a sidecar's
   * DestinationRule that names a Secret (unless it has a workload selector), so the sidecar would
   * connect without TLS.
   *
   * @default - the proxy's system trust store
   */
  readonly caSecretName?: string;
}

/**
 * How traffic to an external service is protected in transit.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
 */
export class EgressTls {
  /**
   * The workload speaks plain HTTP; the proxy that leaves the mesh (its sidecar, or the egress
   * gateway) originates TLS to the remote `targetPort`, verifying the certificate and its SANs (a
   * DestinationRule with `tls.mode: SIMPLE` per host).
   */
  public static originate(options: TlsOriginationOptions): EgressTls {
    return new EgressTls(options, undefined);
  }

  /** The workload encrypts the traffic itself (ports TLS or HTTPS); nothing to add. */
  public static byWorkload(): EgressTls {
    return new EgressTls(undefined, undefined);
  }

  /**
   * Plaintext leaves the mesh (HTTP or TCP ports without TLS). Insecure; the justification
   * (at least 10 characters) is recorded on the ServiceEntry as `mesh.cdk8s.io/plaintext-egress`.
   */
  public static plaintext(justification: string): EgressTls {
    return new EgressTls(undefined, justification);
  }

  private constructor(
    /** @internal */ public readonly _origination: TlsOriginationOptions | undefined,
    /** @internal */ public readonly _plaintext: string | undefined,
  ) {}
}

/** Properties of an `ExternalService`. */
export interface ExternalServiceProps {
  /** The mesh whose services may call it. */
  readonly mesh: IMesh;
  /** Exact DNS names of the service (no wildcards: the proxy could not limit traffic to them). */
  readonly hosts: string[];
  /** Ports and protocols; at least one. */
  readonly ports: ExternalServicePort[];
  /**
   * Protection in transit.
   *
   * @default EgressTls.byWorkload() — only TLS and HTTPS ports are accepted
   */
  readonly tls?: EgressTls;
  /**
   * Timeouts, retries, circuit breaking and connection limits towards the external host, applied
   * by the proxy that leaves the mesh (the callers' sidecars, or the egress gateway). Timeouts and
   * retries need an HTTP port.
   *
   * @default - the same defaults as mesh services: 10 s timeout, 2 retries only for requests never
   * sent, 5 consecutive errors eject an endpoint for 30 s, 1024 connections, 1 h connection lifetime
   */
  readonly resilience?: ResilienceOptions;
  /**
   * Name of the ServiceEntry.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the ServiceEntry, DestinationRules and VirtualServices.
   *
   * @default - the chart's namespace, or `default`
   */
  readonly namespace?: string;
  /**
   * Egress gateway the traffic leaves through (SP 800-204A SM-DR10): callers' sidecars send it to
   * the gateway over Istio mutual TLS (a VirtualService `<name>-egress` per host, bound to `mesh`
   * and the gateway), and the gateway admits only the mesh services that declared
   * `allowEgressTo(this)`. With `EgressTls.originate` the gateway originates the TLS; TLS the
   * workload opens passes through the gateway unread. Exact hosts only, no plaintext exceptions,
   * and each port must be a port of the gateway's Service.
   *
   * @default - no gateway: each caller's sidecar connects to the service directly
   */
  readonly egressGateway?: EgressGateway;
}

/**
 * A service outside the mesh that mesh services may call (SP 800-204A egress): a ServiceEntry
 * with explicit hosts, ports and protocols (`MESH_EXTERNAL`), visible only to the namespaces of
 * its callers, plus TLS origination with SAN checks where asked, optionally routed through an
 * `EgressGateway` that admits only the declared callers. With REGISTRY_ONLY outbound traffic (the
 * mesh default), nothing else outside the mesh is reachable. Callers declare the dependency with
 * `service.allowEgressTo(external)`.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
export class ExternalService extends Construct {
  /** Name of the ServiceEntry. */
  public readonly name: string;
  /** Namespace of the ServiceEntry. */
  public readonly namespace: string;
  /** The mesh whose services may call it. */
  public readonly mesh: IMesh;
  /** The egress gateway the traffic leaves through, if any. */
  public readonly egressGateway?: EgressGateway;
  private readonly _model: ExternalServiceModel;
  private readonly _hooks: MeshHooks;

  constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id);
    const path = this.node.path;
    checkKnownKeys(path, 'ExternalService', props, ['mesh', 'hosts', 'ports', 'tls', 'name', 'namespace', 'egressGateway', 'resilience']);
    this.mesh = props.mesh;
    this._hooks = meshHooks(props.mesh, path);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    checkName(path, 'name', this.name, 'name', 'dns1123-label');
    checkName(path, 'namespace', this.namespace, 'namespace', 'dns1123-label');
    const gateway = props.egressGateway;
    if (gateway !== undefined && gateway.mesh !== props.mesh) {
      throw new MeshError({
        path,
        problem: 'egress gateway of another mesh',
        value: gateway.node?.path ?? String(gateway),
        expected: `an EgressGateway of the mesh ${props.mesh.node.path}`,
        fix: 'create the EgressGateway with `mesh` set to this external service\'s mesh',
      });
    }
    this.egressGateway = gateway;
    this._model = buildModel(path, this.name, this.namespace, props, gateway?._toModel());
    gateway?._checkRoute(this);
    this._hooks.registerExternal(this);
    gateway?._route(this);
    this.node.addValidation({
      validate: () => sharedEgressHosts(this._hooks.model(), this._model).map(({ host, other }) =>
        `host ${JSON.stringify(host)} is routed through the egress gateway ${this._model.egressGateway!.namespace}/${this._model.egressGateway!.serviceName} but ${other.path} declares it too: Istio would merge or pick either entry, so traffic could bypass the gateway; fix: declare the host in one ExternalService`),
    });

    const compiled = (): Manifest[] => {
      const mesh = this._hooks.model();
      return [serviceEntry(mesh, this._model), ...externalHostRules(mesh, this._model), ...externalRoutes(mesh, this._model), ...egressRoutes(mesh, this._model)];
    };
    const emit = (id2: string, kind: string, name: string, annotations?: Record<string, string>) => new ApiObject(this, id2, {
      apiVersion: ISTIO_NETWORKING_API,
      kind,
      metadata: { name, namespace: this.namespace, ...(annotations ? { annotations } : {}) },
      spec: Lazy.any({ produce: () => compiled().find((m) => m.kind === kind && m.metadata.name === name)!.spec }),
    });
    emit('ServiceEntry', 'ServiceEntry', this.name, this._model.plaintextJustification ? { 'mesh.cdk8s.io/plaintext-egress': this._model.plaintextJustification } : undefined);
    this._model.hosts.forEach((_h, i) => emit(`HostRule${i}`, 'DestinationRule', externalRuleName(this._model, i)));
    if (!this._model.egressGateway && this._model.ports.some((p) => ['HTTP', 'HTTP2', 'GRPC'].includes(p.protocol))) {
      this._model.hosts.forEach((_h, i) => emit(`Routes${i}`, 'VirtualService', externalRouteName(this._model, i)));
    }
    if (this._model.egressGateway) this._model.hosts.forEach((_h, i) => emit(`EgressRoute${i}`, 'VirtualService', egressRouteName(this._model, i)));
  }

  /** The DNS names of the service. */
  public get hosts(): string[] {
    return [...this._model.hosts];
  }

  /**
   * The external service as the compilers see it.
   * @internal
   */
  public _toModel(): ExternalServiceModel {
    return this._model;
  }
}

const PLAINTEXT: readonly string[] = [ExternalProtocol.HTTP, ExternalProtocol.HTTP2, ExternalProtocol.GRPC, ExternalProtocol.TCP];

function buildModel(path: string, name: string, namespace: string, props: ExternalServiceProps, gateway: EgressGatewayModel | undefined): ExternalServiceModel {
  const fail = (problem: string, value: unknown, expected: string, fix: string) => new MeshError({ path, problem, value, expected, fix });
  if (!Array.isArray(props.hosts) || props.hosts.length === 0) throw fail('no hosts', props.hosts, 'at least one DNS name', 'set hosts, e.g. ["api.example.com"]');
  for (const h of props.hosts) {
    const bare = typeof h === 'string' && h.startsWith('*.') ? h.slice(2) : h;
    if (typeof bare !== 'string' || !isDns1123Subdomain(bare) || !bare.includes('.') || /^\d+$/.test(bare.split('.').pop()!)) {
      throw fail('invalid host', h, 'a fully qualified DNS name, optionally starting with "*." (no IP addresses, no bare "*")', 'list the exact names the workload calls');
    }
  }
  if (!Array.isArray(props.ports) || props.ports.length === 0) throw fail('no ports', props.ports, 'at least one port', 'set ports, e.g. [{ port: 443, protocol: ExternalProtocol.TLS }]');
  const ports: ExternalPortModel[] = props.ports.map((p, i) => {
    checkKnownKeys(path, `ports[${i}]`, p, ['port', 'protocol', 'targetPort']);
    for (const [prop, n] of [['port', p.port], ['targetPort', p.targetPort]] as const) {
      if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 65535)) throw fail(`ports[${i}].${prop} out of range`, n, 'an integer from 1 to 65535', `set ports[${i}].${prop} to a valid port`);
    }
    if (!Object.values(ExternalProtocol).includes(p.protocol)) throw fail(`ports[${i}]: unknown protocol`, p.protocol, `one of ${Object.values(ExternalProtocol).join(', ')}`, 'use an ExternalProtocol value');
    return { port: p.port, protocol: p.protocol as ExternalPortModel['protocol'], name: `${p.protocol.toLowerCase()}-${p.port}`, ...(p.targetPort !== undefined && p.targetPort !== p.port ? { targetPort: p.targetPort } : {}) };
  });
  const wildcard = props.hosts.find((h) => h.startsWith('*'));
  if (wildcard) {
    throw fail('wildcard host', wildcard,
      'exact hosts: a wildcard entry cannot be resolved (resolution NONE), so the proxy would forward to whatever address the workload dialled, with any SNI or Host it claims, and egress would no longer be limited to the declared hosts',
      'list the exact host names, or use a TLS port so the proxy can match the SNI');
  }
  const dup = ports.find((p, i) => ports.findIndex((q) => q.port === p.port) !== i);
  if (dup) throw fail('duplicate port', dup.port, 'each port listed once', 'remove the duplicate entry');

  const tls = props.tls ?? EgressTls.byWorkload();
  const plaintextPorts = ports.filter((p) => PLAINTEXT.includes(p.protocol));
  let tlsOrigination: TlsOriginationModel | undefined;
  let plaintextJustification: string | undefined;
  if (tls._origination) {
    const o = tls._origination;
    checkKnownKeys(path, 'TLS origination', o, ['subjectAltNames', 'sni', 'caSecretName']);
    if (!ports.some((p) => p.protocol === 'HTTP')) throw fail('TLS origination without an HTTP port', ports.map((p) => `${p.protocol}/${p.port}`).join(','), 'an HTTP port the workload calls in plaintext (e.g. { port: 80, protocol: HTTP, targetPort: 443 })', 'add the HTTP port, or use EgressTls.byWorkload() for TLS the workload opens');
    const other = ports.find((p) => p.protocol !== 'HTTP');
    if (other) throw fail(`${other.protocol} port ${other.port} next to TLS origination`, other.port, 'TLS origination covers HTTP ports only (each port needs its own routing and gateway server protocol)', 'move the port to its own ExternalService');
    const noTarget = ports.find((p) => p.targetPort === undefined);
    if (noTarget) throw fail(`TLS origination on port ${noTarget.port} without targetPort`, noTarget.port, 'the remote TLS port as targetPort (e.g. { port: 80, protocol: HTTP, targetPort: 443 })', `set targetPort, usually 443`);
    if (props.hosts.some((h) => h.startsWith('*'))) throw fail('TLS origination to a wildcard host', props.hosts.find((h) => h.startsWith('*')), 'exact hosts (the proxy must know the SNI and SANs to verify)', 'list the exact host names');
    if (!Array.isArray(o.subjectAltNames) || o.subjectAltNames.length === 0 || o.subjectAltNames.some((s) => typeof s !== 'string' || s.trim() === '')) {
      throw fail('TLS origination without subjectAltNames', o.subjectAltNames, 'the SANs the server certificate must carry', 'set subjectAltNames, e.g. ["api.example.com"]');
    }
    if (o.caSecretName !== undefined) {
      checkName(path, 'CA secret name', o.caSecretName, 'caSecretName', 'dns1123-subdomain');
      if (!gateway) {
        throw fail('TLS origination with a CA Secret in the sidecar', o.caSecretName,
          'a CA Secret only when an egress gateway originates the TLS: Istio ignores the TLS settings of a sidecar DestinationRule that names a Secret without a workload selector, so the sidecar would send plaintext to the TLS port',
          'route the service through an EgressGateway (egressGateway; the Secret lives in the gateway\'s namespace), or omit caSecretName to verify against the system trust store');
      }
    }
    if (o.sni !== undefined && (typeof o.sni !== 'string' || !isDns1123Subdomain(o.sni))) {
      throw fail('invalid TLS origination sni', o.sni, 'a DNS name', 'set sni to the server name the remote expects, or leave it unset to send the host being called');
    }
    tlsOrigination = { ...(o.sni !== undefined ? { sni: o.sni } : {}), subjectAltNames: [...o.subjectAltNames].sort(), ...(o.caSecretName !== undefined ? { caCredentialName: o.caSecretName } : {}) };
  } else if (tls._plaintext !== undefined) {
    if (tls._plaintext.trim().length < 10) throw fail('plaintext egress without a justification', tls._plaintext, 'a written justification of at least 10 characters', 'explain why the traffic cannot be encrypted, e.g. EgressTls.plaintext("legacy partner SFTP bridge, encrypted at L7, RISK-88")');
    plaintextJustification = tls._plaintext.trim();
  } else if (plaintextPorts.length > 0) {
    throw fail(`plaintext ${plaintextPorts[0].protocol} port ${plaintextPorts[0].port} leaves the mesh`, plaintextPorts[0].port,
      'TLS or HTTPS ports, TLS origination, or an explicit justified exception',
      'use tls: EgressTls.originate({ subjectAltNames: [...] }) for HTTP, or EgressTls.plaintext("<why>")');
  }
  if (gateway) {
    if (wildcard) {
      throw fail('wildcard host through an egress gateway', wildcard,
        'exact hosts: the gateway must resolve the host itself (resolution DNS); with a wildcard it would forward to the address the caller dialled — its own — and its policy could not name the host',
        'list the exact host names');
    }
    if (plaintextJustification !== undefined) {
      throw fail('plaintext egress through an egress gateway', plaintextJustification,
        'TLS the workload opens (TLS or HTTPS ports) or TLS originated by the gateway (EgressTls.originate): plaintext exceptions are not routed through the gateway',
        'use tls: EgressTls.originate({ subjectAltNames: [...] }) for HTTP, or leave egressGateway unset for the justified plaintext service');
    }
  }
  return {
    path,
    name,
    namespace,
    hosts: [...props.hosts],
    ports,
    resilience: resilienceModel(path, props.resilience),
    ...(tlsOrigination ? { tlsOrigination } : {}),
    ...(plaintextJustification ? { plaintextJustification } : {}),
    ...(gateway ? { egressGateway: gateway } : {}),
  };
}
