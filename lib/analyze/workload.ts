// SPDX-License-Identifier: Apache-2.0
/**
 * Workloads and Services as the inventory reads them from manifests, the data plane and risk
 * vocabulary, and the mesh infrastructure (gateways, waypoints) that is not an application.
 */
import { type InventoryEntry, apiGroup, arrayOf, objectOf, stringMap } from './manifest-object';
import type { ProxyModelKind, RiskLevel } from '../model/mesh-model';

/** Label on a workload (or its namespace) carrying its SP 800-233 risk profile. */
export const RISK_PROFILE_LABEL = 'mesh.cdk8s.io/risk-profile';

/** The data plane a workload is enrolled in; `none` when no mesh proxy handles its traffic. */
export type DataPlaneKind = ProxyModelKind | 'none';

/** How a workload's traffic is handled, as detected from labels, annotations and policies. */
export interface DataPlane {
  readonly kind: DataPlaneKind;
  /** Ambient: the waypoint named by `istio.io/use-waypoint` (pod, service or namespace). */
  readonly waypoint?: string;
  /** Why the kind was detected, e.g. `namespace label istio-injection=enabled`. */
  readonly evidence: string;
}

/** A workload: a controller with a pod template, or a bare Pod. */
export interface Workload {
  readonly entry: InventoryEntry;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** The pod spec (plain JSON). */
  readonly podSpec: Readonly<Record<string, unknown>>;
}

/** A Kubernetes Service. */
export interface ServiceInfo {
  readonly entry: InventoryEntry;
  readonly name: string;
  readonly namespace: string;
  /** `spec.selector`; absent for services without a selector. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly type: string;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly targetPort?: number | string; readonly appProtocol?: string; readonly protocol: string }[];
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** Kubernetes namespaces Istio never injects. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Order of risk levels, lowest first. */
export const RISK_ORDER: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2 };

/** A risk level, or undefined for anything else. */
export function asRisk(value: string | undefined): RiskLevel | undefined {
  return value === 'low' || value === 'medium' || value === 'high' ? value : undefined;
}

/** Gateways and waypoints: deployed by Istio for Gateway API objects, or labelled as Istio gateways. */
export function isMeshInfrastructure(w: Workload): boolean {
  return w.podLabels['gateway.networking.k8s.io/gateway-name'] !== undefined || w.podLabels.istio === 'ingressgateway' || w.podLabels.istio === 'egressgateway';
}

/** Whether the pods share the node's network namespace (no proxy can capture their traffic). */
export function isHostNetwork(w: Workload): boolean {
  return w.podSpec.hostNetwork === true;
}

/** The workload an object is (a controller with a pod template, a CronJob, a bare Pod), or undefined. */
export function toWorkload(e: InventoryEntry): Workload | undefined {
  const kind = e.ref.kind;
  let template: Record<string, unknown> | undefined;
  if (POD_TEMPLATE_KINDS.has(kind)) template = objectOf(objectOf(e.object.spec).template);
  else if (kind === 'CronJob') template = objectOf(objectOf(objectOf(objectOf(e.object.spec).jobTemplate).spec).template);
  else if (kind === 'Pod') template = { metadata: e.object.metadata, spec: e.object.spec };
  else return undefined;
  if (apiGroup(e.ref.apiVersion) !== 'apps' && apiGroup(e.ref.apiVersion) !== 'batch' && apiGroup(e.ref.apiVersion) !== '') return undefined;
  const meta = objectOf(template.metadata);
  const podSpec = objectOf(template.spec);
  return {
    entry: e,
    kind,
    name: e.ref.name,
    namespace: e.ref.namespace ?? 'default',
    labels: stringMap(e.object.metadata?.labels),
    podLabels: stringMap(meta.labels),
    podAnnotations: stringMap(meta.annotations),
    serviceAccount: typeof podSpec.serviceAccountName === 'string' && podSpec.serviceAccountName !== '' ? podSpec.serviceAccountName : 'default',
    podSpec,
  };
}

/** A Service object as the inventory reads it. */
export function toService(e: InventoryEntry): ServiceInfo {
  const spec = objectOf(e.object.spec);
  return {
    entry: e,
    name: e.ref.name,
    namespace: e.ref.namespace ?? 'default',
    ...(spec.selector !== undefined ? { selector: stringMap(spec.selector) } : {}),
    type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
    ports: arrayOf(spec.ports).map((p) => {
      const x = objectOf(p);
      return {
        ...(typeof x.name === 'string' ? { name: x.name } : {}),
        port: Number(x.port),
        ...(x.targetPort !== undefined ? { targetPort: x.targetPort as number | string } : {}),
        ...(typeof x.appProtocol === 'string' ? { appProtocol: x.appProtocol } : {}),
        protocol: typeof x.protocol === 'string' ? x.protocol : 'TCP',
      };
    }),
  };
}
