// SPDX-License-Identifier: Apache-2.0
/**
 * End-user tokens at one enforcement point (semantics §b5, RequestAuthentication): the token
 * counts as validated only when a RequestAuthentication that applies there lists its issuer
 * (and one of its audiences, when it sets some). A token no applicable RequestAuthentication
 * accepts is rejected with 401 (Envoy `jwt_authn`: "Jwt issuer is not configured", istio/istio#40718);
 * a request without a token passes without `request.auth.*`. Where no RequestAuthentication
 * applies, no `jwt_authn` filter runs and the token is neither validated nor rejected.
 */
import type { RequestAuthenticationModel } from './policy-model';
import type { RequestJwt } from './types';

/** What a point makes of the request's token. */
export interface JwtOutcome {
  /** The token, when validated here. */
  readonly validated?: RequestJwt;
  /** Set when the point rejects the request (401). */
  readonly rejected?: { readonly policy: string; readonly reason: string };
  readonly note?: string;
}

/** Checks `jwt` against the RequestAuthentications that apply at a point. */
export function checkJwt(jwt: RequestJwt | undefined, policies: readonly RequestAuthenticationModel[]): JwtOutcome {
  if (!jwt) return {};
  if (policies.length === 0) {
    return { note: 'no RequestAuthentication applies here: the token is not validated, so requestPrincipals and request.auth.* are absent' };
  }
  const aud = jwt.aud ?? [];
  let issuerKnown: RequestAuthenticationModel | undefined;
  for (const p of policies) {
    for (const r of p.jwtRules) {
      if (r.issuer !== jwt.iss) continue;
      issuerKnown ??= p;
      if (r.audiences.length === 0 || aud.some((a) => r.audiences.includes(a))) {
        return { validated: jwt, note: `the token is validated by ${p.id} (issuer ${jwt.iss})` };
      }
    }
  }
  if (issuerKnown) {
    const wanted = issuerKnown.jwtRules.filter((r) => r.issuer === jwt.iss).flatMap((r) => r.audiences);
    return { rejected: { policy: issuerKnown.id, reason: `rejected with 401: the token's audiences [${aud.join(', ')}] are not accepted by ${issuerKnown.id} (expects one of ${wanted.join(', ')})` } };
  }
  const issuers = [...new Set(policies.flatMap((p) => p.jwtRules.map((r) => r.issuer)))].sort();
  return {
    rejected: {
      policy: policies[0].id,
      reason: `rejected with 401: no RequestAuthentication here accepts issuer ${jwt.iss} (${policies.map((p) => p.id).join(', ')} accept ${issuers.join(', ') || 'no issuer'})`,
    },
  };
}
