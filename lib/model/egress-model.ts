// SPDX-License-Identifier: Apache-2.0
/** Egress intent: services outside the mesh and who may call them. */
import type { ResilienceModel } from './resilience-model';

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
  /** SNI sent to the server; absent means the host being called (each DestinationRule's host). */
  readonly sni?: string;
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
  /** Timeouts, retries and circuit breaking towards the external host. */
  readonly resilience: ResilienceModel;
  /** Justification recorded when plaintext HTTP leaves the mesh without origination. */
  readonly plaintextJustification?: string;
  /**
   * The egress gateway the traffic leaves through (sidecar → gateway over Istio mTLS, gateway →
   * external); absent means each caller's sidecar connects directly.
   */
  readonly egressGateway?: EgressGatewayModel;
}

/**
 * An Istio egress gateway the platform deployed (the `istio/gateway` chart): an ordinary workload
 * whose policies attach with `selector` (authz semantics b1). Identified by `namespace/serviceName`.
 */
export interface EgressGatewayModel {
  /** Construct path, for messages. */
  readonly path: string;
  /** Namespace of the gateway's pods and Service. */
  readonly namespace: string;
  /** Pod labels of the gateway's Deployment. */
  readonly selector: Readonly<Record<string, string>>;
  /** ServiceAccount the gateway's pods run as: its workload identity. */
  readonly serviceAccount: string;
  /** The gateway's Kubernetes Service, which callers' sidecars connect to. */
  readonly serviceName: string;
  /** Ports of that Service external services may be routed through. */
  readonly servicePorts: readonly number[];
}

/** A declared dependency of a mesh service on an external service. */
export interface EgressModel {
  /** `namespace/name` of the external service. */
  readonly external: string;
}
