// SPDX-License-Identifier: Apache-2.0
/**
 * The NIST recommendations the rule packs answer to (../shared/reference/nist-catalog.md), each
 * with a one-line summary in our words. Rules name the recommendations they check; a
 * recommendation no static check over manifests can decide says why, and the compliance report
 * lists it as "attest manually", so the report is complete.
 */

/** Publications, in report order. */
export const PUBLICATIONS = ['SP 800-204', 'SP 800-204A', 'SP 800-204B', 'SP 800-204C', 'SP 800-207A', 'SP 800-233'] as const;

/** A publication. */
export type Publication = typeof PUBLICATIONS[number];

/** One recommendation. */
export interface Recommendation {
  readonly id: string;
  readonly publication: Publication;
  readonly summary: string;
  /** Why no rule decides it from manifests: it is attested manually. */
  readonly attest?: string;
}

const r = (publication: Publication, id: string, summary: string, attest?: string): Recommendation => ({ id, publication, summary, ...(attest ? { attest } : {}) });

/** Every recommendation of the catalog. */
export const RECOMMENDATIONS: readonly Recommendation[] = [
  r('SP 800-204', 'MS-SS-1', 'Sensitive APIs require short-lived, verified tokens, and a policy makes them mandatory'),
  r('SP 800-204', 'MS-SS-2', 'Coarse authorization at the gateway, fine-grained authorization at each service'),
  r('SP 800-204', 'MS-SS-4', 'One gateway entry point; client and service traffic mutually authenticated and encrypted'),
  r('SP 800-204', 'MS-SS-5', 'Gateways and services are monitored (logs, metrics) against a baseline'),
  r('SP 800-204', 'MS-SS-6', 'Circuit breaking lives in the proxy'),
  r('SP 800-204', 'MS-SS-7', 'Health checks feed load balancing asynchronously'),
  r('SP 800-204', 'MS-SS-8', 'Rate limits and quotas; replay detection for high-security services',
    'no rate-limit resource exists in Istio (EnvoyFilter or gateway-specific configuration) and replay detection belongs to the application or a WAF'),
  r('SP 800-204', 'MS-SS-9', 'Canary releases are routed centrally and monitored per version'),
  r('SP 800-204', 'MS-SS-10', 'Session and internal tokens do not travel back to clients or past the gateway'),
  r('SP 800-204', 'MS-SS-13', 'Access control on by default, bounded proxies, and L3 segmentation for sensitive apps'),
  r('SP 800-204A', 'SM-DR1', 'Proxies accept only declared protocols and ports; the rest is refused'),
  r('SP 800-204A', 'SM-DR2', 'Each proxy reaches only what it needs, plus the control plane'),
  r('SP 800-204A', 'SM-DR3', 'Proxies translate protocols so services need one server each',
    'informational capability of the proxy, not a configuration to check'),
  r('SP 800-204A', 'SM-DR4', 'Proxy extensions are sandboxed and pinned'),
  r('SP 800-204A', 'SM-DR5', 'Proxies are reconfigured dynamically without restarts',
    'a property of the xDS control plane, not of the manifests'),
  r('SP 800-204A', 'SM-DR6', 'App-to-proxy traffic stays local; proxy-to-proxy traffic is always mTLS'),
  r('SP 800-204A', 'SM-DR7', 'Ingress proxies route with the same rules as service proxies'),
  r('SP 800-204A', 'SM-DR8', 'External destinations are blocked unless registered explicitly'),
  r('SP 800-204A', 'SM-DR9', 'External calls get the same resilience as internal ones'),
  r('SP 800-204A', 'SM-DR10', 'Egress gateways route and guard external access'),
  r('SP 800-204A', 'SM-DR11', 'Each service has one unique name and identity everywhere',
    'uniqueness across clusters needs the other clusters\' manifests; within one set of manifests MESH-WL-05 checks dedicated identities'),
  r('SP 800-204A', 'SM-DR12', 'The mesh CA chains to the enterprise PKI, not a self-signed root',
    'the CA is configured at Istio installation (cacerts Secret or an external CA), outside the mesh manifests'),
  r('SP 800-204A', 'SM-DR13', 'Workload certificates live hours, not days'),
  r('SP 800-204A', 'SM-DR14', 'Connections are re-established after certificate rotation'),
  r('SP 800-204A', 'SM-DR15', 'Workload certificates cannot sign other certificates',
    'decided by the CA\'s issuance configuration, outside the mesh manifests'),
  r('SP 800-204A', 'SM-DR16', 'The CA attests a workload before issuing its identity',
    'decided by the Istio installation (projected service-account tokens) or SPIRE registration, outside the mesh manifests'),
  r('SP 800-204A', 'SM-DR17', 'Server identities are verified (secure naming)'),
  r('SP 800-204A', 'SM-DR18', 'Each service has its own identity shared by its instances'),
  r('SP 800-204A', 'SM-DR19', 'Authentication policy is set mesh-wide and only tightened below'),
  r('SP 800-204A', 'SM-DR20', 'Tokens travel only over encrypted channels'),
  r('SP 800-204A', 'SM-DR21', 'Proxies log requests, errors and crashes'),
  r('SP 800-204A', 'SM-DR22a', 'Irregular requests are always logged'),
  r('SP 800-204A', 'SM-DR22b', 'Log lines carry time, identity, request id and path, and no secrets'),
  r('SP 800-204A', 'SM-DR23', 'Request counts, failures and latencies are measured'),
  r('SP 800-204A', 'SM-DR24', 'Requests are traced across services'),
  r('SP 800-204A', 'SM-DR25', 'Mesh configuration lives in a robust store',
    'a property of the cluster\'s datastore and GitOps process'),
  r('SP 800-204A', 'SM-DR26', 'Health checking is tied to service discovery'),
  r('SP 800-204A', 'SM-DR27', 'CORS is configured in the mesh, and never credentials from any origin'),
  r('SP 800-204A', 'SM-DR28', 'Mesh administration is granted per namespace or service',
    'decided by the cluster\'s RBAC bindings, which the mesh manifests do not carry'),
  r('SP 800-204B', 'ISMC-SR-1', 'The mesh CA is rooted in the organization\'s PKI',
    'as SM-DR12: configured at Istio installation'),
  r('SP 800-204B', 'ISMC-SR-2', 'The control plane\'s access to the orchestrator is authenticated and least-privilege',
    'decided by the Istio installation\'s RBAC'),
  r('SP 800-204B', 'AHLC-SR-1', 'Containers do not run as root'),
  r('SP 800-204B', 'AHLC-SR-2', 'No hostPath volumes'),
  r('SP 800-204B', 'AHLC-SR-3', 'Root filesystems are read-only'),
  r('SP 800-204B', 'AHLC-SR-4', 'No privilege escalation'),
  r('SP 800-204B', 'SAUN-SR-1', 'mTLS is required at every scope, with only tightening overrides'),
  r('SP 800-204B', 'SAUN-SR-2', 'Server identities are verified (secure naming)'),
  r('SP 800-204B', 'EAUN-SR-1', 'End-user tokens are extracted and validated as declared, at the sidecar'),
  r('SP 800-204B', 'SAUZ-SR-1', 'Every service has a least-privilege service-to-service policy'),
  r('SP 800-204B', 'EUAZ-SR-1', 'Calls to the external authorizer are protected'),
  r('SP 800-204B', 'EUAZ-SR-2', 'Every request is logged as evidence of enforcement'),
  r('SP 800-204B', 'EUAZ-SR-3', 'Application traffic carries end-user credentials, and policy requires them'),
  r('SP 800-204B', 'APE-SR-1', 'Policies state their type, target, sources, operations and conditions'),
  r('SP 800-204B', 'APE-SR-2', 'Policies cover the operations of the API explicitly'),
  r('SP 800-204B', 'APE-SR-3', 'Default deny; cross-namespace calls only when allowed explicitly'),
  r('SP 800-204B', '204B §5.1', 'The enforcement point cannot be bypassed'),
  r('SP 800-204B', '204B §5.2.1', 'Service calls are authorized on short-lived workload identities'),
  r('SP 800-204C', '204C/pac', 'Mesh policies are code, built and checked in their own pipeline',
    'a property of the delivery pipeline; running these packs at synth is the evidence'),
  r('SP 800-204C', '204C/oac', 'Observability is declared as code'),
  r('SP 800-204C', '204C/gitops', 'Delivery is pull-based and bound by cluster authorization',
    'a property of the delivery tooling (Argo CD, Flux), outside the mesh manifests'),
  r('SP 800-204C', '204C/admission', 'Admission control rejects non-compliant pods',
    'admission policies belong to the cluster; the packs check the same pod properties at synth'),
  r('SP 800-204C', '204C/supply', 'Images and extensions come from approved registries',
    'needs the organization\'s registry allow-list'),
  r('SP 800-207A', 'ID-SEG-REC-1', 'Every service-to-service connection is encrypted'),
  r('SP 800-207A', 'ID-SEG-REC-2', 'Identities are short-lived and connections re-authenticated'),
  r('SP 800-207A', 'ID-SEG-REC-3', 'Calls are authorized on runtime identity, externally where needed'),
  r('SP 800-207A', 'ID-SEG-REC-4', 'End-user tokens are validated at every hop'),
  r('SP 800-207A', 'ID-SEG-REC-5', 'Each request is authorized for the user and the resource',
    'which resources are user-scoped is application knowledge; MESH-EU-02 checks that claim conditions are enforceable'),
  r('SP 800-207A', '207A/multi-tier', 'Network-tier and identity-tier policies together'),
  r('SP 800-207A', '207A/per-cluster-cp', 'A control plane per cluster, not one across clusters',
    'a property of the Istio installation topology'),
  r('SP 800-207A', 'MON-CNA-REQ-1/2', 'Monitoring covers workloads, control plane and proxies'),
  r('SP 800-207A', 'MON-CNA-REQ-3', 'Each user request is monitored across its call chain'),
  r('SP 800-233', '800-233/model-by-risk', 'The proxy model follows the application\'s risk'),
  r('SP 800-233', '800-233/ambient-L7', 'L7 policy on ambient needs a waypoint'),
  r('SP 800-233', '800-233/no-mixed-bypass', 'Every workload is enrolled in its data plane'),
];

/** Recommendations by id. */
export const RECOMMENDATIONS_BY_ID: ReadonlyMap<string, Recommendation> = new Map(RECOMMENDATIONS.map((x) => [x.id, x]));
