// SPDX-License-Identifier: Apache-2.0

/**
 * The risk profile of a service (NIST SP 800-233). It decides which proxy models are
 * acceptable for the service and tightens other rules (certificate lifetime, logging…).
 *
 * @see https://csrc.nist.gov/pubs/sp/800/233/final
 */
export enum RiskProfile {
  /** Low risk: every proxy model is acceptable. */
  LOW = 'low',
  /** Medium risk: not on a shared-node L4–L7 proxy. */
  MEDIUM = 'medium',
  /** High risk: sidecar proxy only. */
  HIGH = 'high',
}
