// SPDX-License-Identifier: Apache-2.0
/**
 * A service's L3 segmentation (SP 800-204 MS-SS-13): the eager checks of `networkSegmentation`,
 * the default by risk profile, and how the pods of an ingress gateway peer are recognised.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkKnownKeys, checkName } from './input-checks';
import { gatewayServiceAccount } from '../../lib/compile/ingress/ingress-names';
import { GATEWAY_NAME_LABEL, proxyMetricsPorts } from '../../lib/compile/network-policy/network-peers';
import { MeshError } from '../../lib/model/errors';
import type { CallerPodsModel, ProxyModelKind, RiskLevel } from '../../lib/model/mesh-model';
import type { NetworkSegmentation } from '../network-segmentation';
import type { IPeer } from '../peer-config';

/** The resolved choice: a NetworkPolicy with these monitoring namespaces, or none (with the recorded justification). */
export type SegmentationChoice =
  | { readonly enabled: true; readonly monitoringNamespaces: readonly string[] }
  | { readonly enabled: false; readonly justification?: string };

/** Shortest accepted justification for a service without a NetworkPolicy. */
const MIN_JUSTIFICATION = 10;

/**
 * Checks `networkSegmentation` and applies the default: a NetworkPolicy for high-risk services,
 * except on the shared-node model, whose CiliumNetworkPolicy is already enforced at L3.
 */
export function resolveSegmentation(path: string, choice: NetworkSegmentation | undefined, risk: RiskLevel, model: ProxyModelKind): SegmentationChoice {
  if (choice === undefined) return risk === 'high' && model !== 'sharedNode' ? { enabled: true, monitoringNamespaces: [] } : { enabled: false };
  if (typeof (choice as Partial<NetworkSegmentation>)?._enabled !== 'function') {
    throw new MeshError({
      path,
      problem: 'invalid networkSegmentation',
      value: choice,
      expected: 'NetworkSegmentation.enabled() or NetworkSegmentation.disabled(justification)',
      fix: 'set networkSegmentation: NetworkSegmentation.enabled(), or remove it to keep the default for the risk profile',
    });
  }
  if (!choice._enabled()) {
    const justification = choice._justification();
    if (typeof justification !== 'string' || justification.trim().length < MIN_JUSTIFICATION) {
      throw new MeshError({
        path,
        problem: `NetworkSegmentation.disabled without a justification${risk === 'high' ? ' on a high-risk service' : ''}`,
        value: justification,
        expected: `a written justification of at least ${MIN_JUSTIFICATION} characters (SP 800-204 MS-SS-13: highly sensitive services keep L3 segmentation under the mesh, so a bypassed proxy is not fatal)`,
        fix: 'explain why the service cannot have a NetworkPolicy, e.g. NetworkSegmentation.disabled(\'the CNI enforces no NetworkPolicy; Calico GlobalNetworkPolicy SEC-42 isolates it\'), or remove networkSegmentation',
      });
    }
    return { enabled: false, justification: justification.trim() };
  }
  if (model === 'sharedNode') {
    throw new MeshError({
      path,
      problem: 'NetworkSegmentation.enabled on a shared-node (Cilium) service',
      value: 'shared-node',
      expected: 'no NetworkPolicy: the service\'s CiliumNetworkPolicy is already enforced at L3 with default deny',
      fix: 'remove networkSegmentation',
    });
  }
  const options = choice._options();
  checkKnownKeys(path, 'networkSegmentation', options, ['monitoringNamespaces']);
  const namespaces = options.monitoringNamespaces;
  if (namespaces === undefined) return { enabled: true, monitoringNamespaces: [] };
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw new MeshError({ path, problem: 'networkSegmentation: empty monitoringNamespaces list', value: namespaces, expected: 'a non-empty list of namespaces, or no `monitoringNamespaces`', fix: 'list the namespace of the Prometheus that scrapes the proxies, or remove `monitoringNamespaces`' });
  }
  for (const ns of namespaces) checkName(path, 'networkSegmentation: monitoring namespace', ns, 'monitoringNamespaces', 'dns1123-label');
  if (proxyMetricsPorts(model).length === 0) {
    throw new MeshError({
      path,
      problem: 'networkSegmentation: monitoringNamespaces on an ambient service',
      value: namespaces,
      expected: 'a service whose pods run a proxy (sidecar or proxyless gRPC); ambient pods have none, ztunnel\'s metrics are scraped on the node',
      fix: 'remove monitoringNamespaces',
    });
  }
  return { enabled: true, monitoringNamespaces: [...new Set(namespaces)].sort() };
}

/**
 * The pods behind `peer` when it is an Istio-deployed gateway: a construct exposing its Gateway
 * API `Gateway` object as `resource` (as `IngressGateway` does) and presenting exactly the
 * identity Istio gives that gateway's pods, ServiceAccount `<name>-istio` in its namespace. Istio
 * labels those pods `gateway.networking.k8s.io/gateway-name: <name>`. Anything else is undefined.
 */
export function gatewayCallerPods(peer: IPeer): CallerPodsModel | undefined {
  const resource = (peer as { resource?: unknown }).resource;
  if (!Construct.isConstruct(peer) || !ApiObject.isApiObject(resource)) return undefined;
  if (resource.kind !== 'Gateway' || resource.apiGroup !== 'gateway.networking.k8s.io') return undefined;
  const { name, namespace } = resource.metadata;
  const identities = peer.toPeerConfig().identities ?? [];
  if (name === undefined || namespace === undefined || identities.length !== 1) return undefined;
  const [identity] = identities;
  if (identity.namespace !== namespace || identity.serviceAccount !== gatewayServiceAccount(name)) return undefined;
  return {
    identity: { namespace, serviceAccount: identity.serviceAccount, ...(identity.trustDomain !== undefined ? { trustDomain: identity.trustDomain } : {}) },
    podLabels: { [GATEWAY_NAME_LABEL]: name },
  };
}
