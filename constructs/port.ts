// SPDX-License-Identifier: Apache-2.0

/**
 * Application protocol of a service port. Rendered as the Service port's `appProtocol`
 * and as the port-name prefix, which is how Istio selects the protocol it parses.
 *
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export enum PortProtocol {
  /** HTTP/1.1 (and HTTP/2 by upgrade): L7 attributes such as methods and paths apply. */
  HTTP = 'http',
  /** HTTP/2 with prior knowledge. */
  HTTP2 = 'http2',
  /** gRPC over HTTP/2; methods are always POST and paths are `/package.Service/Method`. */
  GRPC = 'grpc',
  /** Opaque TCP: only L4 attributes (identities, namespaces, ports) can be enforced. */
  TCP = 'tcp',
}

/** A port a mesh service listens on. */
export interface MeshServicePort {
  /** Port of the Kubernetes Service (1–65535). */
  readonly port: number;
  /**
   * Application protocol.
   *
   * @default PortProtocol.HTTP
   */
  readonly protocol?: PortProtocol;
  /**
   * Container port that receives the traffic (1–65535, not one of the ports Istio's proxy
   * reserves). Authorization policies match this port.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
  /**
   * Port name; must start with the protocol, e.g. `http-web` (Istio's naming convention).
   *
   * @default `<protocol>-<port>`, e.g. `http-8080`
   */
  readonly name?: string;
}
