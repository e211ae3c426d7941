// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';
import { isIstioPathPattern } from '../lib/model/http';

/**
 * How a string attribute (path, host, header value) is matched. Renders to Istio's string
 * match syntax: `v` exact, `v*` prefix, `*v` suffix, `*` presence; paths also take templates.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export class Match {
  /** The value equals `value` exactly. Renders as `value`. */
  public static exact(value: string): Match {
    return new Match('exact', checkLiteral('Match.exact', value), value);
  }

  /** The value starts with `prefix`. Renders as `prefix*`. */
  public static prefix(prefix: string): Match {
    return new Match('prefix', `${checkLiteral('Match.prefix', prefix)}*`, prefix);
  }

  /** The value ends with `suffix`. Renders as `*suffix`. */
  public static suffix(suffix: string): Match {
    return new Match('suffix', `*${checkLiteral('Match.suffix', suffix)}`, suffix);
  }

  /** Any non-empty value. Renders as `*`. */
  public static presence(): Match {
    return new Match('presence', '*', '');
  }

  /**
   * An Istio path template (paths only): `{*}` matches one segment, `{**}` the rest of the
   * path and must be the last operator, e.g. `/cart/{*}/items`. Renders as given.
   */
  public static pathTemplate(template: string): Match {
    if (typeof template !== 'string' || !template.includes('{') || !isIstioPathPattern(template)) {
      throw new MeshError({
        path: 'Match.pathTemplate',
        problem: 'invalid path template',
        value: template,
        expected: 'a path starting with "/" whose operators are whole segments {*} or {**}, with {**} last',
        fix: 'write e.g. Match.pathTemplate("/cart/{*}/items"), or use Match.exact / Match.prefix',
      });
    }
    return new Match('template', template, template);
  }

  /** Kind of match: `exact`, `prefix`, `suffix`, `presence` or `template`. */
  public readonly kind: string;
  /** The Istio string the match renders to. */
  public readonly pattern: string;
  /** The literal given to the factory (empty for presence). */
  public readonly literal: string;

  private constructor(kind: string, pattern: string, literal: string) {
    this.kind = kind;
    this.pattern = pattern;
    this.literal = literal;
  }
}

function checkLiteral(factory: string, value: string): string {
  if (typeof value === 'string' && value.length > 0 && !value.includes('*') && !/\s/.test(value)) return value;
  throw new MeshError({
    path: factory,
    problem: 'invalid match value',
    value,
    expected: 'a non-empty string without "*" or whitespace (the factory adds the wildcard)',
    fix: `pass the literal part only, e.g. ${factory}("/api/"); use Match.presence() for "any value"`,
  });
}
