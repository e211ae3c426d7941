// SPDX-License-Identifier: Apache-2.0
/**
 * The backend-agnostic intent of a mesh: plain data collected from the constructs,
 * consumed by the compilers in `lib/compile/<backend>/` and by model-level rules.
 * Nothing here imports cdk8s or the constructs.
 */
import type { ExternalServiceModel } from './egress-model';
import type { ResilienceModel } from './resilience-model';

export type { ResilienceModel } from './resilience-model';

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

/** Authorization actions, in Istio's evaluation order: CUSTOM → DENY → ALLOW; AUDIT never decides. */
export type PolicyAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** The sources one peer stands for; set fields are alternatives. */
export interface SourceModel {
  /** Human-readable name for messages and reports, e.g. `shop/cart`. */
  readonly label: string;
  readonly identities: readonly IdentityModel[];
  readonly namespaces: readonly string[];
  readonly ipBlocks: readonly string[];
  /** Any peer with a mesh identity (`principals: ["*"]`). */
  readonly anyAuthenticated: boolean;
  /** Any source: no `from` at all. */
  readonly anyone: boolean;
}

/** One `when` condition. */
export interface ConditionModel {
  /** Istio attribute key, e.g. `request.headers[x-tenant]`. */
  readonly key: string;
  readonly values: readonly string[];
  readonly notValues: readonly string[];
  /** True for HTTP-only attributes, which cannot hold on TCP ports. */
  readonly http: boolean;
}

/** An issuer of end-user JWTs. */
export interface JwtIssuerModel {
  /** Construct path, for messages. */
  readonly path: string;
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly audiences: readonly string[];
  readonly fromHeaders: readonly { readonly name: string; readonly prefix?: string }[];
  readonly fromParams: readonly string[];
  readonly fromCookies: readonly string[];
  readonly forwardOriginalToken: boolean;
  readonly claimsToHeaders: readonly { readonly header: string; readonly claim: string }[];
}

/** End-user conditions from a validated JWT. */
export interface EndUserModel {
  readonly issuer: JwtIssuerModel;
  readonly subject?: string;
  readonly audiences: readonly string[];
  /** Claim path (nested names) and accepted values. */
  readonly claims: readonly { readonly path: readonly string[]; readonly values: readonly string[] }[];
}

/** One access rule declared on a service (`allowFrom`, `denyFrom`, …). */
export interface AccessRuleModel {
  /** Construct path of the service the rule was declared on (for messages). */
  readonly declaredAt: string;
  readonly action: PolicyAction;
  /** Evaluated and logged, never enforced (`istio.io/dry-run`). */
  readonly dryRun: boolean;
  /** ext_authz provider name, for CUSTOM. */
  readonly provider?: string;
  /** Justification when the provider fails open, recorded on the CUSTOM policy. */
  readonly providerFailOpen?: string;
  /** Alternatives: a request from any source matches. */
  readonly sources: readonly SourceModel[];
  readonly endUser?: EndUserModel;
  /** Upper-case HTTP methods; empty means any. */
  readonly methods: readonly string[];
  /** Istio path patterns; empty means any. */
  readonly paths: readonly string[];
  /** Path patterns that must not match; empty means none excluded. */
  readonly notPaths: readonly string[];
  /** Host (`:authority`) patterns; empty means any. */
  readonly hosts: readonly string[];
  /** Service ports; empty means every port of the service. */
  readonly ports: readonly number[];
  readonly conditions: readonly ConditionModel[];
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
  /** Ambient only: an L7 waypoint serves the service. */
  readonly waypoint: boolean;
  /** Ambient with a waypoint: whether the namespace's shared waypoint serves it, not its own. */
  readonly namespaceWaypoint?: boolean;
  readonly risk: RiskLevel;
  readonly access: readonly AccessRuleModel[];
  /** Issuers whose tokens the service validates (declared, and named by its rules). */
  readonly jwtIssuers: readonly JwtIssuerModel[];
  /** Requests without a valid end-user token are denied on HTTP ports. */
  readonly requireEndUser: boolean;
  /** External services (`namespace/name`) the service declared it calls. */
  readonly egress: readonly string[];
  readonly resilience: ResilienceModel;
  /**
   * L3 segmentation under the mesh (SP 800-204 MS-SS-13): present when the service gets a
   * Kubernetes NetworkPolicy admitting only the peers its enforced ALLOW rules admit; absent
   * means it gets none.
   */
  readonly networkSegmentation?: NetworkSegmentationModel;
  /**
   * Egress segmentation at L3 (SP 800-204A SM-DR8, for the models whose data plane does not
   * enforce REGISTRY_ONLY: ambient and proxyless gRPC): present when the service's NetworkPolicy
   * limits its egress to DNS, the control plane it needs and the mesh services that admit it;
   * absent means its egress is not limited by a NetworkPolicy.
   */
  readonly egressSegmentation?: EgressSegmentationModel;
}

/** A service's egress NetworkPolicy settings (SP 800-204A SM-DR8). */
export interface EgressSegmentationModel {
  /** Where the service's pods resolve names: the one destination outside the mesh always allowed. */
  readonly dns: DnsResolverModel;
}

/**
 * The cluster's DNS servers as a NetworkPolicy egress peer, reached on `port` over UDP and TCP
 * (the port the servers receive on, after the Service's translation).
 */
export type DnsResolverModel =
  | {
    readonly kind: 'pods';
    readonly namespace: string;
    /** Labels that select exactly the DNS pods within `namespace`, keys sorted. */
    readonly podLabels: Readonly<Record<string, string>>;
    readonly port: number;
  }
  | {
    readonly kind: 'ipBlock';
    /** A CIDR block (a single address as /32 or /128). */
    readonly cidr: string;
    readonly port: number;
  };

/** A service's NetworkPolicy settings (SP 800-204 MS-SS-13, SP 800-207A multi-tier policies). */
export interface NetworkSegmentationModel {
  /** Namespaces whose pods may reach the proxy's Prometheus ports, sorted. */
  readonly monitoringNamespaces: readonly string[];
  /**
   * Pods known to present caller identities that no mesh service serves (the ingress gateways
   * routing to the service), so the policy can select them instead of their whole namespace.
   */
  readonly callerPods: readonly CallerPodsModel[];
}

/** The pods that present one caller identity: an Istio gateway's Envoy, which calls sidecars with Istio mTLS and ambient pods over HBONE. */
export interface CallerPodsModel {
  readonly identity: IdentityModel;
  /** Labels that select exactly these pods within the identity's namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
}


/** Mesh-wide settings. */
export interface MeshSettingsModel {
  /** Construct path of the mesh. */
  readonly path: string;
  readonly trustDomain: string;
  readonly rootNamespace: string;
  /** DNS suffix of the cluster (`svc.<clusterDomain>`). */
  readonly clusterDomain: string;
  /**
   * Hosts every proxy must reach for the mesh itself (e.g. the tracing collector), as Sidecar
   * egress entries `namespace/host`.
   */
  readonly infrastructureHosts?: readonly string[];
}

/** The whole intent. */
export interface MeshModel extends MeshSettingsModel {
  readonly services: readonly ServiceModel[];
  readonly externalServices: readonly ExternalServiceModel[];
}
