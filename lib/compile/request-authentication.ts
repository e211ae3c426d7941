// SPDX-License-Identifier: Apache-2.0
import type { JwtRule } from './manifest';
import { compare } from './access-rules';
import type { JwtIssuerModel, ServiceModel } from '../model/mesh-model';

/** Name of a service's RequestAuthentication. Part of the output contract. */
export function requestAuthenticationName(service: ServiceModel): string {
  return `${service.name}-jwt`;
}

/** One issuer as a `jwtRules` entry; fields Istio defaults are omitted. */
export function jwtRule(issuer: JwtIssuerModel): JwtRule {
  return {
    issuer: issuer.issuer,
    ...(issuer.jwksUri !== undefined ? { jwksUri: issuer.jwksUri } : {}),
    ...(issuer.jwks !== undefined ? { jwks: issuer.jwks } : {}),
    ...(issuer.audiences.length ? { audiences: [...issuer.audiences].sort(compare) } : {}),
    ...(issuer.fromHeaders.length ? { fromHeaders: issuer.fromHeaders.map((h) => ({ name: h.name, ...(h.prefix !== undefined ? { prefix: h.prefix } : {}) })) } : {}),
    ...(issuer.fromParams.length ? { fromParams: [...issuer.fromParams] } : {}),
    ...(issuer.fromCookies.length ? { fromCookies: [...issuer.fromCookies] } : {}),
    ...(issuer.forwardOriginalToken ? { forwardOriginalToken: true } : {}),
    ...(issuer.claimsToHeaders.length ? { outputClaimToHeaders: issuer.claimsToHeaders.map((c) => ({ header: c.header, claim: c.claim })) } : {}),
  };
}
