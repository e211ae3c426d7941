// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { MeshError } from '../lib/model/errors';
import type { JwtIssuerModel } from '../lib/model/mesh-model';
import { TokenLocation } from './token-location';

/** A JWT claim copied into a request header after validation. */
export interface ClaimToHeader {
  /** Name of the header to set (it is overwritten if the request had it). */
  readonly header: string;
  /** Name of the claim; nested claims are not supported by Istio here. */
  readonly claim: string;
}

/** Properties of a `JwtIssuer`. */
export interface JwtIssuerProps {
  /** The issuer (`iss` claim) whose tokens are accepted, e.g. `https://idp.example.com`. */
  readonly issuer: string;
  /**
   * HTTPS URL of the issuer's JSON Web Key Set. Mutually exclusive with `jwks`.
   *
   * @default - discovered from `<issuer>/.well-known/openid-configuration` (OIDC discovery)
   */
  readonly jwksUri?: string;
  /**
   * The JSON Web Key Set inline, as a JSON string. Mutually exclusive with `jwksUri`.
   *
   * @default - fetched from `jwksUri` or by OIDC discovery
   */
  readonly jwks?: string;
  /**
   * Accepted audiences (`aud` claim); a token must carry one of them.
   *
   * @default - any audience is accepted (restrict it in access rules with `EndUser.audience`)
   */
  readonly audiences?: string[];
  /**
   * Where the token is read from.
   *
   * @default - `Authorization: Bearer <token>`
   */
  readonly tokenLocations?: TokenLocation[];
  /**
   * Whether the original token is passed on to the workload after validation. Off by default:
   * a token that leaves the first hop can be replayed further in.
   *
   * @default false
   */
  readonly forwardOriginalToken?: boolean;
  /**
   * Claims copied into request headers after validation (credential exchange at ingress:
   * the workload reads identity from trusted headers, not from the token).
   *
   * @default - none
   */
  readonly claimsToHeaders?: ClaimToHeader[];
}

/**
 * An issuer of end-user tokens (SP 800-207A ID-SEG-REC-4/5, SP 800-204B EUAZ-SR-3). Every
 * service whose access rules name it validates its tokens with a RequestAuthentication; use
 * `EndUser.issuer(...)` in rules to require its users.
 *
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export class JwtIssuer extends Construct {
  /** The issuer (`iss`). */
  public readonly issuer: string;
  private readonly props: JwtIssuerProps;

  constructor(scope: Construct, id: string, props: JwtIssuerProps) {
    super(scope, id);
    const path = this.node.path;
    if (typeof props.issuer !== 'string' || props.issuer.trim() === '' || /\s/.test(props.issuer)) {
      throw new MeshError({ path, problem: 'invalid issuer', value: props.issuer, expected: 'the exact `iss` value of the tokens, without whitespace', fix: 'set issuer, e.g. "https://idp.example.com"' });
    }
    if (props.jwksUri !== undefined && props.jwks !== undefined) {
      throw new MeshError({ path, problem: 'both jwksUri and jwks set', value: props.jwksUri, expected: 'one source of keys', fix: 'remove jwksUri or jwks' });
    }
    if (props.jwksUri !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(props.jwksUri)) {
      throw new MeshError({ path, problem: 'invalid jwksUri', value: props.jwksUri, expected: 'an https:// URL (keys fetched in plaintext can be substituted)', fix: 'serve the JWKS over HTTPS' });
    }
    if (props.jwks !== undefined) checkJwks(path, props.jwks);
    for (const list of ['audiences', 'tokenLocations', 'claimsToHeaders'] as const) {
      const value = props[list];
      if (value !== undefined && (!Array.isArray(value) || value.length === 0)) {
        throw new MeshError({ path, problem: `empty ${list}`, value, expected: 'a non-empty list, or no value for the default', fix: `remove ${list} or list at least one entry` });
      }
    }
    for (const a of props.audiences ?? []) {
      if (typeof a !== 'string' || a.trim() === '') throw new MeshError({ path, problem: 'empty audience', value: a, expected: 'a non-empty audience string', fix: 'remove the empty entry' });
    }
    for (const c of props.claimsToHeaders ?? []) {
      if (!/^[A-Za-z0-9-]+$/.test(c.header ?? '') || !/^[A-Za-z0-9_.:-]+$/.test(c.claim ?? '')) {
        throw new MeshError({ path, problem: 'invalid claimsToHeaders entry', value: c, expected: 'a header name of letters, digits and "-", and a claim name', fix: 'e.g. { header: "x-user-id", claim: "sub" }' });
      }
    }
    this.issuer = props.issuer;
    // A copy: changing the caller's object after construction must not bypass the checks above.
    this.props = {
      ...props,
      audiences: props.audiences ? [...props.audiences] : undefined,
      tokenLocations: props.tokenLocations ? [...props.tokenLocations] : undefined,
      claimsToHeaders: props.claimsToHeaders?.map((c) => ({ header: c.header, claim: c.claim })),
    };
  }

  /**
   * The issuer as the compilers see it.
   * @internal
   */
  public _toModel(): JwtIssuerModel {
    const locations = this.props.tokenLocations ?? [];
    return {
      path: this.node.path,
      issuer: this.issuer,
      jwksUri: this.props.jwksUri,
      jwks: this.props.jwks,
      audiences: [...(this.props.audiences ?? [])],
      fromHeaders: locations.filter((l) => l.kind === 'header').map((l) => ({ name: l.name, prefix: l.prefix })),
      fromParams: locations.filter((l) => l.kind === 'param').map((l) => l.name),
      fromCookies: locations.filter((l) => l.kind === 'cookie').map((l) => l.name),
      forwardOriginalToken: this.props.forwardOriginalToken ?? false,
      claimsToHeaders: (this.props.claimsToHeaders ?? []).map((c) => ({ header: c.header, claim: c.claim })),
    };
  }
}

function checkJwks(path: string, jwks: string): void {
  let keys: unknown;
  try {
    keys = (JSON.parse(jwks) as { keys?: unknown }).keys;
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new MeshError({ path, problem: 'invalid jwks', value: jwks.length > 60 ? `${jwks.slice(0, 60)}…` : jwks, expected: 'a JSON Web Key Set: {"keys":[{…}]} with at least one key', fix: 'paste the issuer\'s JWKS document, or use jwksUri' });
  }
}
