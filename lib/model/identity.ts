// SPDX-License-Identifier: Apache-2.0
import type { IdentityModel } from './mesh-model';

/** `spiffe://<trustDomain>/ns/<ns>/sa/<sa>` (DESIGN.md decision 6). */
export function spiffeId(trustDomain: string, identity: IdentityModel): string {
  return `spiffe://${principal(trustDomain, identity)}`;
}

/** Istio's principal form of a SPIFFE id: the same without the scheme. */
export function principal(trustDomain: string, identity: IdentityModel): string {
  return `${trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
}

/** Stable ordering key for identities. */
export function identityKey(identity: IdentityModel): string {
  return `${identity.namespace}/${identity.serviceAccount}`;
}
