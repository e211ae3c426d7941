// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';
import type { EndUserModel } from '../lib/model/mesh-model';
import type { JwtIssuer } from './jwt-issuer';

/**
 * The end user behind a request, from its validated JWT (SP 800-204B EUAZ-SR-3, SP 800-207A):
 * issuer, subject, audiences and claims. Immutable; each method returns a narrower copy.
 * Renders to `when` conditions on `request.auth.*`; the services it is used on validate the
 * issuer's tokens with a RequestAuthentication.
 *
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
export class EndUser {
  /** Any user with a valid token from `issuer`. Renders `request.auth.principal: <iss>/*`. */
  public static issuer(issuer: JwtIssuer): EndUser {
    return new EndUser({ issuer, audiences: [], claims: [] });
  }

  private constructor(private readonly spec: { issuer: JwtIssuer; subject?: string; audiences: string[]; claims: { path: string[]; values: string[] }[] }) {}

  /** Only this subject (`sub`). Renders `request.auth.principal: <iss>/<sub>`. */
  public subject(subject: string): EndUser {
    checkValue('EndUser.subject', subject);
    return new EndUser({ ...this.spec, subject });
  }

  /** The token's audience (`aud`) must include one of these. Renders `request.auth.audiences`. */
  public audience(...audiences: string[]): EndUser {
    if (audiences.length === 0) throw new MeshError({ path: 'EndUser.audience', problem: 'no audience', value: audiences, expected: 'at least one audience', fix: 'pass the audience, e.g. .audience("payments")' });
    audiences.forEach((a) => checkValue('EndUser.audience', a));
    const accepted = this.spec.issuer._toModel().audiences;
    const refused = audiences.find((a) => accepted.length > 0 && !accepted.includes(a));
    if (refused !== undefined) {
      throw new MeshError({ path: this.spec.issuer.node.path, problem: 'EndUser.audience: an audience the issuer does not accept', value: refused, expected: `one of the issuer's audiences ${accepted.join(', ')} (a token for another audience is rejected before the rule is evaluated, so the rule could never match)`, fix: 'add the audience to the JwtIssuer, or require one it accepts' });
    }
    return new EndUser({ ...this.spec, audiences: [...this.spec.audiences, ...audiences] });
  }

  /**
   * A claim must equal one of `values` (string claim) or contain one of them (list claim).
   * Nested claims are written with dots: `realm_access.roles`. Renders
   * `request.auth.claims[<name>]` (or `[a][b]` for nested claims).
   */
  public claim(name: string, ...values: string[]): EndUser {
    const path = typeof name === 'string' ? name.split('.') : [];
    if (path.length === 0 || path.some((p) => !/^[A-Za-z0-9_:-]+$/.test(p))) {
      throw new MeshError({ path: 'EndUser.claim', problem: 'invalid claim name', value: name, expected: 'a claim name of letters, digits, "_", ":" and "-", with "." between nested names', fix: 'e.g. .claim("scope", "pay") or .claim("realm_access.roles", "admin")' });
    }
    if (values.length === 0) throw new MeshError({ path: 'EndUser.claim', problem: `no value for claim ${name}`, value: values, expected: 'at least one accepted value', fix: `e.g. .claim(${JSON.stringify(name)}, "pay")` });
    values.forEach((v) => checkValue('EndUser.claim', v));
    return new EndUser({ ...this.spec, claims: [...this.spec.claims, { path, values }] });
  }

  /** The issuer whose tokens this end user presents. */
  public get jwtIssuer(): JwtIssuer {
    return this.spec.issuer;
  }

  /**
   * The end-user condition as the compilers see it.
   * @internal
   */
  public _toModel(): EndUserModel {
    return {
      issuer: this.spec.issuer._toModel(),
      subject: this.spec.subject,
      audiences: [...this.spec.audiences],
      claims: this.spec.claims.map((c) => ({ path: [...c.path], values: [...c.values] })),
    };
  }
}

function checkValue(path: string, value: string): void {
  if (typeof value === 'string' && value.length > 0 && !/[\s*]/.test(value)) return;
  throw new MeshError({ path, problem: 'invalid value', value, expected: 'a non-empty string without whitespace or "*"', fix: 'pass the exact value the token carries' });
}
