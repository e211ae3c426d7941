// SPDX-License-Identifier: Apache-2.0
import type { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { AccessOptions } from './access';
import type { IMesh } from './i-mesh';
import type { IMeshService } from './mesh-reference';
import type { IPeer } from './peer-config';
import { PortProtocol } from './port';
import { checkKnownKeys } from './private/input-checks';
import { meshConfigOf } from './private/mesh-config-registry';
import { istioDuration } from '../lib/compile/resilience/resilience';
import { MeshError } from '../lib/model/errors';
import type { ExtensionProviderModel } from '../lib/model/mesh-config';

/** Properties of an `ExternalAuthorizer`. */
export interface ExternalAuthorizerProps {
  /** The mesh whose services use the authorizer. */
  readonly mesh: IMesh;
  /**
   * The mesh service that runs the authorizer (e.g. OPA with its Envoy plugin). Being a mesh
   * service, the proxies reach it over mutual TLS (SP 800-204B EUAZ-SR-1), and it admits exactly
   * the services that use it.
   */
  readonly service: IMeshService;
  /** Port of `service` that serves the check API: a gRPC port (Envoy ext_authz gRPC) or an HTTP port. */
  readonly port: number;
  /**
   * Timeout of one check.
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Let requests through when the authorizer cannot be reached. Insecure; the value is the
   * justification (at least 10 characters), recorded on every CUSTOM policy that uses the
   * authorizer as the annotation `mesh.cdk8s.io/authorizer-fail-open`.
   *
   * @default - fail closed: requests are denied when the authorizer is unavailable
   */
  readonly failOpenJustification?: string;
  /**
   * Request headers sent to an HTTP authorizer (gRPC authorizers receive all headers).
   *
   * @default - none besides the defaults Envoy always sends (method, path, host)
   */
  readonly includeRequestHeaders?: string[];
  /**
   * Name of the extension provider in the mesh config.
   *
   * @default `cdk8s-mesh-<construct id>`
   */
  readonly providerName?: string;
}

/** Options of `MeshService.authorizeWith`: which requests are sent to the external authorizer. */
export interface ExternalAuthorizationOptions extends AccessOptions {
  /**
   * Only requests from this peer are checked.
   *
   * @default Peer.anyone() — every request that matches the other conditions
   */
  readonly from?: IPeer;
}

/**
 * An external authorizer (Envoy ext_authz, e.g. OPA) for what Istio cannot express natively
 * (SP 800-204B ABAC: comparing two attributes, data lookups). Registered as an extension
 * provider in the mesh config; services send requests to it with `authorizeWith`, which renders a
 * CUSTOM AuthorizationPolicy (evaluated before DENY and ALLOW; it can only deny).
 *
 * @see https://istio.io/latest/docs/tasks/security/authorization/authz-custom/
 */
export class ExternalAuthorizer extends Construct {
  /** Name of the extension provider that CUSTOM policies reference. */
  public readonly providerName: string;
  /** The service that runs the authorizer. */
  public readonly service: IMeshService;
  /** The check port of the service. */
  public readonly port: number;
  /** The mesh the authorizer serves. */
  public readonly mesh: IMesh;
  /** Why requests may pass when the authorizer is unavailable; undefined when it fails closed. */
  public readonly failOpenJustification?: string;
  /**
   * Whether the authorizer speaks the HTTP check API; Istio ignores such CUSTOM policies on TCP
   * ports, so they are limited to HTTP ports.
   */
  public readonly httpApi: boolean;

  constructor(scope: Construct, id: string, props: ExternalAuthorizerProps) {
    super(scope, id);
    const path = this.node.path;
    checkKnownKeys(path, 'ExternalAuthorizer', props, ['mesh', 'service', 'port', 'timeout', 'failOpenJustification', 'includeRequestHeaders', 'providerName']);
    this.mesh = props.mesh;
    this.service = props.service;
    this.port = props.port;
    this.providerName = props.providerName ?? `cdk8s-mesh-${id.toLowerCase()}`;
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(this.providerName)) {
      throw new MeshError({ path, problem: 'invalid providerName', value: this.providerName, expected: 'lower-case letters, digits, "-" and "."', fix: 'set providerName, e.g. "opa"' });
    }
    const port = props.service.toPeerConfig().mesh === props.mesh ? props.service.ports.find((p) => p.port === props.port) : undefined;
    if (!port) {
      throw new MeshError({ path, problem: 'authorizer port not served by a service of this mesh', value: `${props.service.node.path}:${props.port}`, expected: 'a port of a MeshService of the same mesh', fix: 'pass a MeshService of this mesh and one of its ports' });
    }
    if (port.protocol === PortProtocol.TCP) {
      throw new MeshError({ path, problem: 'authorizer on a TCP port', value: props.port, expected: 'a gRPC port (ext_authz gRPC) or an HTTP port (ext_authz HTTP)', fix: 'declare the port with PortProtocol.GRPC or PortProtocol.HTTP' });
    }
    if (props.failOpenJustification !== undefined && props.failOpenJustification.trim().length < 10) {
      throw new MeshError({ path, problem: 'failOpen without a justification', value: props.failOpenJustification, expected: 'a written justification of at least 10 characters', fix: 'explain why requests may pass unchecked, or remove failOpenJustification to fail closed' });
    }
    const timeoutMs = props.timeout?.toMilliseconds() ?? 1000;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw new MeshError({ path, problem: 'invalid timeout', value: `${timeoutMs}ms`, expected: 'at least 1 ms', fix: 'e.g. Duration.millis(500)' });
    }
    const headers = props.includeRequestHeaders ?? [];
    if (headers.some((h) => !/^[A-Za-z0-9-]+$/.test(h))) {
      throw new MeshError({ path, problem: 'invalid includeRequestHeaders', value: headers.find((h) => !/^[A-Za-z0-9-]+$/.test(h)), expected: 'header names', fix: 'list header names such as "x-tenant"' });
    }
    this.failOpenJustification = props.failOpenJustification?.trim();
    const host = `${props.service.name}.${props.service.namespace}.svc.${props.mesh.clusterDomain}`;
    const timeout = istioDuration(timeoutMs);
    const grpc = port.protocol === PortProtocol.GRPC;
    this.httpApi = !grpc;
    if (grpc && headers.length > 0) {
      throw new MeshError({ path, problem: 'includeRequestHeaders on a gRPC authorizer', value: headers, expected: 'no header list (gRPC checks receive every header)', fix: 'remove includeRequestHeaders' });
    }
    const provider: ExtensionProviderModel = {
      name: this.providerName,
      kind: grpc ? 'envoyExtAuthzGrpc' : 'envoyExtAuthzHttp',
      settings: {
        service: host,
        port: props.port,
        timeout,
        failOpen: props.failOpenJustification !== undefined,
        ...(headers.length ? { includeRequestHeadersInCheck: [...headers].map((h) => h.toLowerCase()).sort() } : {}),
      },
    };
    meshConfigOf(props.mesh, path).contribute({ source: path, extensionProviders: [provider] });
  }
}
