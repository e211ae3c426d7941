// SPDX-License-Identifier: Apache-2.0
import { ISTIO_SECURITY_API, type JwtRule, type Manifest, type RequestAuthenticationSpec } from './manifest';
import { compare } from './access-rules';
import type { JwtIssuerModel, ServiceModel } from '../model/mesh-model';

/** Name of a service's RequestAuthentication. Part of the output contract. */
export function requestAuthenticationName(service: ServiceModel): string {
  return `${service.name}-jwt`;
}

/**
 * Token validation on the service's own proxy (SP 800-207A: end-user credentials checked at
 * every hop, not only at ingress): one `jwtRules` entry per issuer, sorted by issuer.
 * Requests with an invalid token are rejected (401); requests without one pass unless a
 * policy requires it (`requireEndUser`).
 */
export function requestAuthentication(service: ServiceModel): Manifest<RequestAuthenticationSpec> | undefined {
  if (service.jwtIssuers.length === 0) return undefined;
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'RequestAuthentication',
    metadata: { name: requestAuthenticationName(service), namespace: service.namespace },
    spec: {
      selector: { matchLabels: { ...service.selector } },
      jwtRules: [...service.jwtIssuers].sort((a, b) => compare(a.issuer, b.issuer)).map(jwtRule),
    },
  };
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
