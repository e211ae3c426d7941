// SPDX-License-Identifier: Apache-2.0
import type { IMesh } from './i-mesh';

/**
 * One workload identity as a peer presents it over mutual TLS: a Kubernetes service
 * account, rendered as the SPIFFE id `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
 */
export interface IdentityConfig {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly serviceAccount: string;
  /**
   * Trust domain that issued the identity.
   *
   * @default - the trust domain of the mesh whose policy references it
   */
  readonly trustDomain?: string;
}

/**
 * What a peer hands to the policy compiler: the sources of a request it stands for. Set
 * fields are alternatives (a request from any of them matches).
 */
export interface PeerConfig {
  /** Name of the peer for messages and reports, e.g. `shop/cart`. */
  readonly label: string;
  /**
   * Workload identities the peer presents. Renders to `source.principals`.
   *
   * @default - none
   */
  readonly identities?: IdentityConfig[];
  /**
   * Namespaces whose workloads the peer stands for (from their mTLS identity). Renders to
   * `source.namespaces`.
   *
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Source IP addresses or CIDR blocks of the direct peer. Renders to `source.ipBlocks`.
   *
   * @default - none
   */
  readonly ipBlocks?: string[];
  /**
   * Any peer with a valid mesh identity. Renders to `source.principals: ["*"]`.
   *
   * @default false
   */
  readonly anyAuthenticated?: boolean;
  /**
   * Any source at all: the rule places no condition on the peer (no `from`).
   *
   * @default false
   */
  readonly anyone?: boolean;
  /**
   * The mesh the peer belongs to, when it is a mesh service; rules may only name services of
   * their own mesh.
   *
   * @default - the peer is not a service of any mesh (e.g. an imported identity)
   */
  readonly mesh?: IMesh;
}

/**
 * The source side of an access rule: a mesh service, a workload identity, or one of the
 * `Peer` factories (namespace, IP block, any authenticated peer, anyone).
 */
export interface IPeer {
  /** Describes the identities this peer presents. */
  toPeerConfig(): PeerConfig;
}
