// SPDX-License-Identifier: Apache-2.0
/**
 * A service's L3 segmentation (SP 800-204 MS-SS-13, SP 800-204A SM-DR8): the eager checks of
 * `networkSegmentation` and `egressSegmentation`, their defaults by risk profile and proxy model,
 * and how the pods of an ingress gateway peer are recognised.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCidr, checkKnownKeys, checkName } from './input-checks';
import { labelValue, qualifiedName } from '../../lib/conform/meta/names';
import { gatewayServiceAccount } from '../../lib/compile/ingress/ingress-names';
import { GATEWAY_NAME_LABEL, proxyMetricsPorts } from '../../lib/compile/network-policy/network-peers';
import { MeshError } from '../../lib/model/errors';
import type { CallerPodsModel, DnsResolverModel, ProxyModelKind, RiskLevel } from '../../lib/model/mesh-model';
import { DnsResolver, type EgressSegmentation, type NetworkSegmentation } from '../network-segmentation';
import type { IPeer } from '../peer-config';

/** The resolved choice: a NetworkPolicy with these monitoring namespaces, or none (with the recorded justification). */
export type SegmentationChoice =
  | { readonly enabled: true; readonly monitoringNamespaces: readonly string[] }
  | { readonly enabled: false; readonly justification?: string };

/** The resolved egress choice: egress rules with this DNS peer, or none (with the recorded justification when the model needs them). */
export type EgressChoice =
  | { readonly enabled: true; readonly dns: DnsResolverModel }
  | { readonly enabled: false; readonly justification?: string };

/** Shortest accepted justification for a service without a NetworkPolicy. */
const MIN_JUSTIFICATION = 10;

/** The proxy models whose data plane enforces no REGISTRY_ONLY: their egress is segmented by default. */
const UNMEDIATED_EGRESS: readonly ProxyModelKind[] = ['ambient', 'proxyless'];

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
 * Checks `egressSegmentation` and applies the default: egress rules for ambient and proxyless
 * services (whatever their risk: their data plane enforces no REGISTRY_ONLY), none for sidecar
 * services (the namespace's Sidecar limits their egress) and shared-node services (their
 * CiliumNetworkPolicy does), which accept no `egressSegmentation` at all.
 */
export function resolveEgressSegmentation(path: string, choice: EgressSegmentation | undefined, model: ProxyModelKind): EgressChoice {
  const unmediated = UNMEDIATED_EGRESS.includes(model);
  if (choice === undefined) return unmediated ? { enabled: true, dns: DnsResolver.kubeDns()._toModel() } : { enabled: false };
  if (typeof (choice as Partial<EgressSegmentation>)?._enabled !== 'function') {
    throw new MeshError({
      path,
      problem: 'invalid egressSegmentation',
      value: choice,
      expected: 'EgressSegmentation.enabled() or EgressSegmentation.disabled(justification)',
      fix: 'set egressSegmentation: EgressSegmentation.enabled(), or remove it to keep the default for the proxy model',
    });
  }
  if (!unmediated) {
    throw new MeshError({
      path,
      problem: `egressSegmentation on a ${model === 'sharedNode' ? 'shared-node (Cilium)' : model} service`,
      value: model,
      expected: model === 'sharedNode'
        ? 'an ambient or proxyless service: the service\'s CiliumNetworkPolicy already limits its egress'
        : 'an ambient or proxyless service: the namespace\'s Sidecar (REGISTRY_ONLY, declared hosts) limits a sidecar\'s egress',
      fix: 'remove egressSegmentation',
    });
  }
  if (!choice._enabled()) {
    const justification = choice._justification();
    if (typeof justification !== 'string' || justification.trim().length < MIN_JUSTIFICATION) {
      throw new MeshError({
        path,
        problem: `EgressSegmentation.disabled without a justification on a${model === 'ambient' ? 'n ambient' : ' proxyless'} service`,
        value: justification,
        expected: `a written justification of at least ${MIN_JUSTIFICATION} characters (SP 800-204A SM-DR8: ${model === 'ambient' ? 'ztunnel' : 'the gRPC library'} enforces no REGISTRY_ONLY, so without egress rules the service can connect to any address)`,
        fix: 'explain why the service needs no egress rules, e.g. EgressSegmentation.disabled(\'the CNI enforces no NetworkPolicy; the egress firewall FW-12 limits the node pool\'), or remove egressSegmentation',
      });
    }
    return { enabled: false, justification: justification.trim() };
  }
  const options = choice._options() ?? {};
  checkKnownKeys(path, 'egressSegmentation', options, ['dns']);
  return { enabled: true, dns: resolveDns(path, options.dns ?? DnsResolver.kubeDns()) };
}

/** Checks the DNS peer: a DnsResolver with a valid port and a valid namespace and labels, or CIDR. */
function resolveDns(path: string, dns: DnsResolver): DnsResolverModel {
  if (typeof (dns as Partial<DnsResolver>)?._toModel !== 'function') {
    throw new MeshError({ path, problem: 'invalid egressSegmentation dns', value: dns, expected: 'DnsResolver.kubeDns(), DnsResolver.pods(namespace, labels) or DnsResolver.ipBlock(cidr)', fix: 'set dns to a DnsResolver, or remove it to allow CoreDNS in kube-system' });
  }
  checkKnownKeys(path, 'DnsResolver', dns._options(), ['port']);
  const model = dns._toModel();
  if (!Number.isInteger(model.port) || model.port < 1 || model.port > 65535) {
    throw new MeshError({ path, problem: 'egressSegmentation: DNS port out of range', value: model.port, expected: 'an integer from 1 to 65535', fix: 'set port to the port the DNS servers receive on (after the Service\'s translation), or remove it for 53' });
  }
  if (model.kind === 'ipBlock') {
    checkCidr(path, model.cidr);
    return model;
  }
  checkName(path, 'egressSegmentation: DNS namespace', model.namespace, 'the namespace of DnsResolver.pods', 'dns1123-label');
  const labels = model.podLabels as unknown;
  const fail = (problem: string, value: unknown, expected: string) => new MeshError({
    path, problem, value, expected, fix: 'set the labels of the DNS pods, e.g. DnsResolver.pods(\'kube-system\', { \'k8s-app\': \'kube-dns\' })',
  });
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.keys(labels).length === 0) {
    throw fail('egressSegmentation: empty DNS pod labels', labels, 'at least one label: an empty podSelector would allow DNS to every pod of the namespace');
  }
  const podLabels: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = (labels as Record<string, unknown>)[key];
    const keyProblems = qualifiedName(key);
    if (keyProblems.length) throw fail('egressSegmentation: invalid DNS pod label key', key, `a Kubernetes label key: ${keyProblems[0]}`);
    if (typeof value !== 'string') throw fail(`egressSegmentation: invalid DNS pod label value of ${key}`, value, 'a string');
    const valueProblems = labelValue(value);
    if (valueProblems.length) throw fail(`egressSegmentation: invalid DNS pod label value of ${key}`, value, `a Kubernetes label value: ${valueProblems[0]}`);
    podLabels[key] = value;
  }
  return { ...model, podLabels };
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
