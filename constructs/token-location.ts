// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';

/**
 * Where a request carries its JWT. Renders to one entry of a RequestAuthentication jwtRule's
 * `fromHeaders`, `fromParams` or `fromCookies`.
 *
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export class TokenLocation {
  /** `Authorization: Bearer <token>` — Istio's default when no location is given. */
  public static bearer(): TokenLocation {
    return new TokenLocation('header', 'Authorization', 'Bearer ');
  }

  /** A request header, optionally with a prefix before the token (e.g. `Bearer `). */
  public static header(name: string, prefix?: string): TokenLocation {
    return new TokenLocation('header', checkToken('TokenLocation.header', name), prefix);
  }

  /** A query parameter, e.g. `access_token`. */
  public static queryParameter(name: string): TokenLocation {
    return new TokenLocation('param', checkToken('TokenLocation.queryParameter', name));
  }

  /** A cookie, e.g. `session`. */
  public static cookie(name: string): TokenLocation {
    return new TokenLocation('cookie', checkToken('TokenLocation.cookie', name));
  }

  /** `header`, `param` or `cookie`. */
  public readonly kind: string;
  /** Header, parameter or cookie name. */
  public readonly name: string;
  /** Prefix before the token in a header value; undefined for none. */
  public readonly prefix?: string;

  private constructor(kind: string, name: string, prefix?: string) {
    this.kind = kind;
    this.name = name;
    this.prefix = prefix;
  }
}

function checkToken(path: string, name: string): string {
  if (typeof name === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  throw new MeshError({ path, problem: 'invalid name', value: name, expected: 'an HTTP token (letters, digits, and !#$%&\'*+.^_`|~-)', fix: 'use the exact header, parameter or cookie name' });
}
