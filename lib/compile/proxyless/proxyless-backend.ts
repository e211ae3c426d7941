// SPDX-License-Identifier: Apache-2.0
import { groupRules } from '../access-rules';
import { callerNamespaces } from '../admission-index';
import type { MeshBackend, ObjectSlot, RuleProblem, ServiceProblem } from '../backend';
import type { Capabilities } from '../capabilities';
import { ISTIO_NETWORKING_API, type DestinationRuleSpec } from '../egress/egress-types';
import { istioPolicies, istioPolicySlots } from '../istio-policies';
import { ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest } from '../manifest';
import { serviceHost } from '../resilience/resilience';
import { grpcRbacProblem, ruleProblem } from './grpc-rbac-limits';
import { PROXYLESS_CAPABILITIES } from './proxyless-capabilities';
import { MeshError } from '../../model/errors';
import type { AccessRuleModel, MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Pod annotation that selects Istio's injection template. */
export const INJECTION_TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/** Istio's injection template for proxyless gRPC: the agent only (bootstrap, xDS proxy, certificates), no Envoy. */
export const GRPC_AGENT_TEMPLATE = 'grpc-agent';

/** Pod annotation with ProxyConfig overrides for the pod. */
export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/** Name of a proxyless service's default-deny policy. Part of the output contract. */
export function defaultDenyPolicyName(service: ServiceModel): string {
  return `${service.name}-default-deny`;
}

/** Name of the DestinationRule that makes gRPC clients use Istio mTLS towards the service. Part of the output contract. */
export function clientMtlsRuleName(service: ServiceModel): string {
  return service.name;
}

/**
 * SP 800-233 proxyless model: the application's gRPC library is the xDS client and the policy
 * enforcement point. The pods are injected with Istio's `grpc-agent` template (an agent that
 * writes the gRPC bootstrap, proxies xDS and rotates certificates; no Envoy, no traffic
 * interception), and the application starts only once the agent is ready
 * (`holdApplicationUntilProxyStarts`). Policies attach with `selector`; only DENY and ALLOW reach
 * gRPC, so everything else is rejected (see `PROXYLESS_CAPABILITIES`).
 *
 * Two objects make up for what gRPC does differently from Envoy:
 * - `<service>-default-deny`: gRPC builds no ALLOW filter for ALLOW policies without rules, so
 *   the namespace's `allow-nothing` does not deny there (istio-authz-semantics §b7). Until the
 *   service has an enforced ALLOW rule this policy is a DENY of every request (`rules: [{}]`);
 *   afterwards the service's ALLOW policy denies by default, and this one is an ALLOW without rules
 *   (Istio's allow-nothing, a no-op next to it). It keeps one name and kind for the service's
 *   whole life, so the object announced when the service was created is always produced.
 * - `<service>` DestinationRule with `tls.mode: ISTIO_MUTUAL`: gRPC clients have no automatic
 *   mutual TLS (Istio's gRPC generator only applies explicit TLS settings), so without it a
 *   proxyless caller would send plaintext, which STRICT mTLS rejects.
 *
 * @see https://istio.io/latest/blog/2021/proxyless-grpc/
 */
export class ProxylessBackend implements MeshBackend {
  public readonly ruleLimits: readonly string[] = [
    'path templates `{*}`/`{**}` (gRPC\'s RBAC filter has no uri_template matcher)',
    'conditions on reserved `grpc-*` headers or binary `-bin` headers',
  ];

  public readonly kind = 'proxyless' as const;
  /** With gRPC's xDS credentials and the destination's `ISTIO_MUTUAL` DestinationRule, calls carry the pod's SPIFFE certificate. */
  public readonly presentsMeshIdentity = true;

  public capabilities(): Capabilities {
    return PROXYLESS_CAPABILITIES;
  }

  public namespaceLabels(): Readonly<Record<string, string>> {
    // Injection is enabled as for sidecars; each pod's annotation picks the grpc-agent template.
    return { 'istio-injection': 'enabled' };
  }

  public podLabels(): Readonly<Record<string, string>> {
    return {
      // The grpc-agent template leaves this label to the user ("must be set by user, if gRPC is
      // using mTLS"): Envoy callers use automatic mTLS only towards endpoints that carry it.
      'security.istio.io/tlsMode': 'istio',
      'sidecar.istio.io/inject': 'true',
    };
  }

  public podAnnotations(): Readonly<Record<string, string>> {
    return {
      [INJECTION_TEMPLATES_ANNOTATION]: GRPC_AGENT_TEMPLATE,
      // The agent container goes first and the application waits for it, so the gRPC bootstrap
      // and the xDS proxy exist before the server starts (otherwise serving can fail).
      [PROXY_CONFIG_ANNOTATION]: JSON.stringify({ holdApplicationUntilProxyStarts: true }),
    };
  }

  public serviceLabels(): Readonly<Record<string, string>> {
    return {};
  }

  public serviceProblem(service: ServiceModel): ServiceProblem | undefined {
    const port = service.ports.find((p) => p.protocol !== 'grpc');
    if (!port) return undefined;
    return {
      problem: `${port.protocol} port on the proxyless gRPC model`,
      value: port.port,
      expected: 'gRPC ports only (the gRPC library is the only data plane of the pod: nothing would authenticate, authorize or encrypt other traffic)',
      fix: 'set protocol: PortProtocol.GRPC on every port, or run the service on ProxyModel.sidecar()',
    };
  }

  public ruleProblem(rule: AccessRuleModel): RuleProblem | undefined {
    const problem = ruleProblem(rule);
    return problem ? { problem: problem.problem, value: problem.value, expected: problem.expected, fix: problem.fix } : undefined;
  }

  public objectSlots(_mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    checkRules(service);
    return [
      ...istioPolicySlots(service),
      { apiVersion: ISTIO_SECURITY_API, kind: 'AuthorizationPolicy', name: defaultDenyPolicyName(service), namespace: service.namespace },
      { apiVersion: ISTIO_NETWORKING_API, kind: 'DestinationRule', name: clientMtlsRuleName(service), namespace: service.namespace },
    ];
  }

  public compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[] {
    checkRules(service);
    return [...istioPolicies(mesh, service, { selector: service.selector }), defaultDeny(service), clientMtls(mesh, service)];
  }
}

/** Throws for rules gRPC's RBAC filter cannot parse (it would reject the whole listener). */
function checkRules(service: ServiceModel): void {
  const problem = grpcRbacProblem(service);
  if (problem) throw new MeshError(problem);
}

/** Whether an enforced ALLOW rule exists, so that gRPC builds an ALLOW filter (default deny). */
function hasEnforcedAllow(service: ServiceModel): boolean {
  return groupRules(service).some((g) => g.action === 'ALLOW' && !g.dryRun);
}

/** DENY every request while nothing is allowed; Istio's allow-nothing (a no-op in gRPC) once something is. */
function defaultDeny(service: ServiceModel): Manifest<AuthorizationPolicySpec> {
  const selector = { matchLabels: { ...service.selector } };
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: defaultDenyPolicyName(service), namespace: service.namespace },
    spec: hasEnforcedAllow(service) ? { selector, action: 'ALLOW' } : { selector, action: 'DENY', rules: [{}] },
  };
}

/** Istio mTLS for every caller of the service, exported to the callers' namespaces only. */
function clientMtls(mesh: MeshModel, service: ServiceModel): Manifest<DestinationRuleSpec> {
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'DestinationRule',
    metadata: { name: clientMtlsRuleName(service), namespace: service.namespace },
    spec: {
      host: serviceHost(mesh, service),
      exportTo: callerNamespaces(mesh, service),
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    },
  };
}
