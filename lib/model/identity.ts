// SPDX-License-Identifier: Apache-2.0
import type { IdentityModel } from './mesh-model';

/** `spiffe://<trustDomain>/ns/<ns>/sa/<sa>` (DESIGN.md decision 6); `meshTrustDomain` unless the identity names its own. */
export function spiffeId(meshTrustDomain: string, identity: IdentityModel): string {
  return `spiffe://${principal(meshTrustDomain, identity)}`;
}

/** Istio's principal form of a SPIFFE id: the same without the scheme. */
export function principal(meshTrustDomain: string, identity: IdentityModel): string {
  return `${identity.trustDomain ?? meshTrustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
}
