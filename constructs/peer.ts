// SPDX-License-Identifier: Apache-2.0

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

/** What a peer hands to the policy compiler. */
export interface PeerConfig {
  /** Name of the peer for messages and reports, e.g. `shop/cart`. */
  readonly label: string;
  /** Workload identities the peer presents; a request from any of them matches. */
  readonly identities: IdentityConfig[];
  /**
   * Construct path of the mesh the peer belongs to, when it is a mesh service.
   *
   * @default - the peer is not a service of any mesh (e.g. an imported identity)
   */
  readonly meshPath?: string;
}

/**
 * Something that can be admitted by an access rule: a mesh service or a workload identity.
 */
export interface IPeer {
  /** Describes the identities this peer presents. */
  toPeerConfig(): PeerConfig;
}
