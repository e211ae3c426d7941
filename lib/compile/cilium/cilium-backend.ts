// SPDX-License-Identifier: Apache-2.0
import type { MeshBackend, ObjectSlot, RuleProblem } from '../backend';
import type { Capabilities } from '../capabilities';
import type { Manifest } from '../manifest';
import { CILIUM_CAPABILITIES } from './cilium-capabilities';
import { egressRules } from './cilium-egress';
import { ingressDenyRules, ingressRules } from './cilium-ingress';
import { ciliumRuleProblem, egressProblem, foreignIdentityProblem } from './cilium-rule-limits';
import { CILIUM_API, CILIUM_NETWORK_POLICY, type CiliumNetworkPolicySpec } from './cilium-types';
import { MeshError } from '../../model/errors';
import type { AccessRuleModel, MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Name of a service's CiliumNetworkPolicy: the service name. Part of the output contract. */
export function ciliumPolicyName(service: ServiceModel): string {
  return service.name;
}

/**
 * SP 800-233 shared-node model on Cilium: no Istio proxy runs in the pods
 * (`sidecar.istio.io/inject: "false"`, `istio.io/dataplane-mode: none`); the Cilium agent of
 * each node enforces one CiliumNetworkPolicy `<service>` per service, in eBPF for L3/L4 and in the
 * node's Envoy for HTTP rules. The policy always exists, so the service is default-deny in both
 * directions from its creation:
 * - `ingress`: the ALLOW rules (peers by ServiceAccount and namespace labels with SPIFFE mutual
 *   authentication, `authentication.mode: required`; HTTP method, path, host and exact headers
 *   as anchored regexes); with none, a rule that selects nothing;
 * - `ingressDeny`: the DENY rules (L3/L4);
 * - `egress`: DNS, the mesh services that admit the service, and its declared external services
 *   by FQDN (see `cilium-egress.ts`).
 * `enableDefaultDeny` states both default-deny directions explicitly (Cilium ≥ 1.16).
 *
 * Cilium must be the cluster's CNI, with its L7 proxy and mutual authentication (SPIRE) enabled:
 * without mutual authentication, rules that require it drop the traffic. Cilium's SPIFFE IDs name
 * Cilium security identities (`spiffe://spiffe.cilium/identity/<id>`), derived from the pod
 * labels, not Istio's `ns/<ns>/sa/<sa>`: the workloads present no Istio certificate, so callers
 * on this model cannot reach Istio-enforced servers (`presentsMeshIdentity: false`), while any
 * Cilium-managed caller (a sidecar pod too) can reach a shared-node server it is admitted to.
 *
 * @see https://docs.cilium.io/en/stable/security/policy/
 * @see https://docs.cilium.io/en/stable/network/servicemesh/mutual-authentication/mutual-authentication/
 */
export class CiliumBackend implements MeshBackend {
  public readonly ruleLimits: readonly string[] = [
    'DENY by IP block or source IP (Cilium CIDR rules never match in-cluster sources)',
    'Condition.sourceIpNot, several Condition.sourceIp in one rule, or Condition.sourceIp together with a peer other than Peer.anyone()',
    'Condition.headerNot (Cilium header rules cannot negate)',
    'identities of another trust domain (Cilium selects local ServiceAccounts by label)',
    'egress to an ExternalService with TLS origination or an egress gateway (both need an Istio proxy in the caller)',
  ];

  public readonly kind = 'sharedNode' as const;
  /** No Istio proxy, so no Istio certificate: Istio-enforced servers (STRICT mTLS, principals) reject these callers. */
  public readonly presentsMeshIdentity = false;

  public capabilities(): Capabilities {
    return CILIUM_CAPABILITIES;
  }

  public namespaceLabels(): Readonly<Record<string, string>> {
    return {};
  }

  public podLabels(): Readonly<Record<string, string>> {
    // Explicit on the pod: no sidecar injection and no ztunnel capture, whatever the namespace says.
    return { 'istio.io/dataplane-mode': 'none', 'sidecar.istio.io/inject': 'false' };
  }

  public podAnnotations(): Readonly<Record<string, string>> {
    return {};
  }

  public serviceLabels(): Readonly<Record<string, string>> {
    return {};
  }

  public serviceProblem(): undefined {
    return undefined;
  }

  public ruleProblem(rule: AccessRuleModel): RuleProblem | undefined {
    return ciliumRuleProblem(rule);
  }

  public objectSlots(mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    throwIf(foreignIdentityProblem(mesh, service));
    return [{ apiVersion: CILIUM_API, kind: CILIUM_NETWORK_POLICY, name: ciliumPolicyName(service), namespace: service.namespace }];
  }

  public compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[] {
    throwIf(foreignIdentityProblem(mesh, service));
    throwIf(egressProblem(mesh, service));
    const deny = ingressDenyRules(service);
    const spec: CiliumNetworkPolicySpec = {
      endpointSelector: { matchLabels: { ...service.selector } },
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: ingressRules(service),
      ...(deny.length > 0 ? { ingressDeny: deny } : {}),
      egress: egressRules(mesh, service),
    };
    return [{ apiVersion: CILIUM_API, kind: CILIUM_NETWORK_POLICY, metadata: { name: ciliumPolicyName(service), namespace: service.namespace }, spec }];
  }
}

function throwIf(problem: ConstructorParameters<typeof MeshError>[0] | undefined): void {
  if (problem) throw new MeshError(problem);
}
