// SPDX-License-Identifier: Apache-2.0
/** Egress intent: services outside the mesh and who may call them. */

/** Protocol of an external port, as a ServiceEntry declares it. */
export type ExternalProtocol = 'HTTP' | 'HTTPS' | 'HTTP2' | 'GRPC' | 'TLS' | 'TCP';

/** One port of an external service. */
export interface ExternalPortModel {
  /** Port the workload connects to. */
  readonly port: number;
  readonly protocol: ExternalProtocol;
  /** Port on the remote endpoint, when the proxy connects elsewhere (TLS origination: 80 → 443). */
  readonly targetPort?: number;
  /** Port name as rendered: `<protocol>-<port>`, lower-case. */
  readonly name: string;
}

/** TLS the sidecar originates towards the external service (the workload speaks plain HTTP). */
export interface TlsOriginationModel {
  /** SNI sent to the server. */
  readonly sni: string;
  /** SANs the server certificate must carry. */
  readonly subjectAltNames: readonly string[];
  /** Secret (in the proxy's namespace) holding `ca.crt`; absent means the proxy's system roots. */
  readonly caCredentialName?: string;
}

/** A service outside the mesh (SP 800-204A egress: explicit hosts, ports and protocols). */
export interface ExternalServiceModel {
  /** Construct path, for messages. */
  readonly path: string;
  readonly name: string;
  /** Namespace of the ServiceEntry and DestinationRule. */
  readonly namespace: string;
  /** DNS names (no wildcards at the apex; `*.example.com` allowed). */
  readonly hosts: readonly string[];
  readonly ports: readonly ExternalPortModel[];
  readonly tlsOrigination?: TlsOriginationModel;
  /** Justification recorded when plaintext HTTP leaves the mesh without origination. */
  readonly plaintextJustification?: string;
}

/** A declared dependency of a mesh service on an external service. */
export interface EgressModel {
  /** `namespace/name` of the external service. */
  readonly external: string;
}
