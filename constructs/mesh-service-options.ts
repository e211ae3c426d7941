// SPDX-License-Identifier: Apache-2.0
import type * as kplus from 'cdk8s-plus-28';
import type { HardeningExceptions } from './hardening';
import type { IMesh } from './i-mesh';
import type { EgressSegmentation, NetworkSegmentation } from './network-segmentation';
import type { MeshServicePort } from './port';
import type { ProxyModel } from './proxy-model';
import type { ResilienceOptions } from './resilience';
import type { RiskProfile } from './risk-profile';

/** Options for `Mesh.addService`. */
export interface MeshServiceOptions {
  /** Container image of the workload, ideally pinned by digest. */
  readonly image: string;
  /** Ports the service listens on; at least one. */
  readonly ports: MeshServicePort[];
  /**
   * Name of the Service, Deployment and ServiceAccount (a DNS-1123 label).
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the service (a DNS-1123 label; not the mesh's root namespace).
   *
   * @default - the chart's namespace, or `default` when the chart has none
   */
  readonly namespace?: string;
  /**
   * Number of pod replicas.
   *
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Proxy model that enforces this service's policies (SP 800-233).
   *
   * @default - the mesh's `defaultProxyModel`
   */
  readonly proxyModel?: ProxyModel;
  /**
   * Risk profile of this service (SP 800-233).
   *
   * @default - the mesh's `defaultRiskProfile`
   */
  readonly riskProfile?: RiskProfile;
  /**
   * CPU and memory requests and limits of the application container.
   *
   * @default - cpu 100m request / 500m limit, memory 128Mi request / 256Mi limit
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Timeouts, retries, circuit breaking and connection limits for every caller of this service.
   *
   * @default - 10 s timeout; 2 retries of 2 s only for requests never processed; 5 consecutive
   * errors eject an endpoint for 30 s; 1024 connections and requests; connections live at most 1 h
   */
  readonly resilience?: ResilienceOptions;
  /**
   * Readiness probe of the application container: traffic reaches a pod only once it is ready.
   *
   * @default - a TCP probe on the first container port
   */
  readonly readiness?: kplus.Probe;
  /**
   * UID the pod runs as (not 0, and not 1337, the Istio proxy's UID).
   *
   * @default - the image's user, which must not be root (`runAsNonRoot` is enforced)
   */
  readonly runAsUser?: number;
  /**
   * Relaxations of the hardened pod defaults, each with its written justification.
   *
   * @default - fully hardened: non-root, read-only root filesystem, no privilege escalation,
   * all capabilities dropped, RuntimeDefault seccomp profile
   */
  readonly hardeningExceptions?: HardeningExceptions;
  /**
   * L3 ingress segmentation under the mesh (SP 800-204 MS-SS-13): `Ingress` rules in the
   * service's Kubernetes `NetworkPolicy` (named after the service, selecting its pods), admitting
   * only the peers its enforced ALLOW rules admit (see `NetworkSegmentation`). Opting a high-risk
   * service out takes a written justification, recorded on the Deployment as
   * `mesh.cdk8s.io/network-exception`.
   *
   * @default - `NetworkSegmentation.enabled()` when the service's risk profile is HIGH (except
   * on the shared-node model, whose CiliumNetworkPolicy segments it already); no ingress rules
   * for medium- and low-risk services
   */
  readonly networkSegmentation?: NetworkSegmentation;
  /**
   * L3 egress segmentation (SP 800-204A SM-DR8) for the models whose data plane enforces no
   * REGISTRY_ONLY: `Egress` rules in the service's `NetworkPolicy` allowing only DNS, istiod
   * (proxyless) and the mesh services that admit this service (see `EgressSegmentation`).
   * Accepted on ambient and proxyless services only. Opting out takes a written justification,
   * recorded on the Deployment as `mesh.cdk8s.io/egress-exception`.
   *
   * @default - `EgressSegmentation.enabled()` on the ambient and proxyless models, whatever the
   * risk profile; no egress rules on sidecars (the namespace's Sidecar limits their egress to
   * REGISTRY_ONLY) and on the shared-node model (its CiliumNetworkPolicy does)
   */
  readonly egressSegmentation?: EgressSegmentation;
}

/** Properties of a `MeshService`. */
export interface MeshServiceProps extends MeshServiceOptions {
  /** The mesh the service belongs to. */
  readonly mesh: IMesh;
}
