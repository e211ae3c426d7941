// SPDX-License-Identifier: Apache-2.0
/**
 * The backend-agnostic intent of a mesh: plain data collected from the constructs,
 * consumed by the compilers in `lib/compile/<backend>/` and by model-level rules.
 * Nothing here imports cdk8s or the constructs.
 */

/** Application protocol of a service port; rendered as `appProtocol` and the port-name prefix. */
export type PortProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

/** SP 800-233 proxy models. */
export type ProxyModelKind = 'sidecar' | 'ambient' | 'sharedNode' | 'proxyless';

/** SP 800-233 risk profiles. */
export type RiskLevel = 'low' | 'medium' | 'high';

/** A Kubernetes service account, the unit of workload identity. */
export interface IdentityModel {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Issuing trust domain; absent means the mesh's own. */
  readonly trustDomain?: string;
}

/** One port of a mesh service. */
export interface PortModel {
  /** Port name as rendered: `<protocol>-<port>` unless the user named it. */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Container port that receives the traffic; Istio policies match this one. */
  readonly targetPort: number;
  readonly protocol: PortProtocol;
}

/** Who an access rule admits. */
export interface PeerModel {
  /** Human-readable name for messages and reports, e.g. `shop/cart`. */
  readonly label: string;
  /** Workload identities admitted. */
  readonly identities: readonly IdentityModel[];
}

/** One `allowFrom` call: these peers may reach the service on these operations. */
export interface AccessRuleModel {
  /** Construct path of the service the rule was declared on (for messages). */
  readonly declaredAt: string;
  readonly peers: readonly PeerModel[];
  /** Upper-case HTTP methods; empty means any. */
  readonly methods: readonly string[];
  /** Istio path patterns (exact, `prefix*`, `*suffix`, `*`); empty means any. */
  readonly paths: readonly string[];
  /** Service ports; empty means every port of the service. */
  readonly ports: readonly number[];
}

/** A service of the mesh and everything declared about it. */
export interface ServiceModel {
  /** Construct path. */
  readonly path: string;
  readonly name: string;
  readonly namespace: string;
  readonly identity: IdentityModel;
  /** Pod labels that select exactly this service's workloads within its namespace. */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly PortModel[];
  readonly proxyModel: ProxyModelKind;
  readonly risk: RiskLevel;
  readonly access: readonly AccessRuleModel[];
}

/** Mesh-wide settings. */
export interface MeshSettingsModel {
  /** Construct path of the mesh. */
  readonly path: string;
  readonly trustDomain: string;
  readonly rootNamespace: string;
}

/** The whole intent. */
export interface MeshModel extends MeshSettingsModel {
  readonly services: readonly ServiceModel[];
}
