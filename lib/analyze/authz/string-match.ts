// SPDX-License-Identifier: Apache-2.0
/**
 * Istio's string patterns (semantics §b3, matcher/string.go `StringMatcherWithPrefix`):
 * `abc` exact, `abc*` prefix, `*abc` suffix, `*` presence (a non-empty value). There is no
 * general glob: a `*` elsewhere is a literal character. Paths also take the URI templates
 * `{*}` (one segment) and `{**}` (the rest of the path). Namespaces in sidecars are a regex on
 * the peer principal, so a `*` anywhere works there (see `sidecarNamespaceMatches`).
 */

/** How a pattern matches. */
export type PatternKind = 'exact' | 'prefix' | 'suffix' | 'presence' | 'template';

/** A compiled pattern. An absent value (`undefined`) never matches. */
export interface StringPattern {
  readonly text: string;
  readonly kind: PatternKind;
  test(value: string | undefined): boolean;
}

/** Options of `stringPattern`. */
export interface StringPatternOptions {
  /** Compare case-insensitively (`hosts`). @default false */
  readonly ignoreCase?: boolean;
}

/** Compiles one Istio string value. */
export function stringPattern(text: string, options: StringPatternOptions = {}): StringPattern {
  const fold = options.ignoreCase === true ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (text === '*') return { text, kind: 'presence', test: (v) => v !== undefined && v !== '' };
  if (text.startsWith('*')) {
    const suffix = fold(text.slice(1));
    return { text, kind: 'suffix', test: (v) => v !== undefined && fold(v).endsWith(suffix) };
  }
  if (text.endsWith('*')) {
    const prefix = fold(text.slice(0, -1));
    return { text, kind: 'prefix', test: (v) => v !== undefined && fold(v).startsWith(prefix) };
  }
  const exact = fold(text);
  return { text, kind: 'exact', test: (v) => v !== undefined && fold(v) === exact };
}

/**
 * Compiles one `paths` value: a URI template when it holds `{*}` or `{**}` (`{*}` is one
 * non-empty segment, `{**}` anything up to the end), else a string pattern.
 */
export function pathPattern(text: string): StringPattern {
  if (!text.includes('{*}') && !text.includes('{**}')) return stringPattern(text);
  const body = text.split(/(\{\*\*\}|\{\*\})/).map((part) => (part === '{*}' ? '[^/]+' : part === '{**}' ? '.*' : escapeRegex(part))).join('');
  const re = new RegExp(`^${body}$`);
  return { text, kind: 'template', test: (v) => v !== undefined && re.test(v) };
}

/**
 * A `namespaces` value as sidecars and gateways match it: the regex `.*\/ns/<value with * → .*>/.*`
 * on the peer principal (model/generator.go `srcNamespaceGenerator`). `principal` is without
 * `spiffe://`; undefined (a plaintext peer) never matches.
 */
export function sidecarNamespacePattern(text: string): StringPattern {
  const body = text.split('*').map(escapeRegex).join('.*');
  const re = new RegExp(`^.*/ns/${body}/.*$`);
  return { text, kind: text.includes('*') ? 'prefix' : 'exact', test: (principal) => principal !== undefined && re.test(`spiffe://${principal}`) };
}

/** `literal` with every regex metacharacter escaped. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
