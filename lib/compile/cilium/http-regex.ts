// SPDX-License-Identifier: Apache-2.0
/**
 * Istio string patterns (`v`, `v*`, `*v`, `*`, path templates `{*}`/`{**}`) as the regexes that
 * Cilium's HTTP rules take. Cilium hands `path`, `method` and `host` to its Envoy as RE2
 * `safe_regex` matchers on the `:path`, `:method` and `:authority` headers, and Envoy requires the
 * *whole* header value to match (cilium/cilium `pkg/envoy/server.go` `getHTTPRule`). Every regex
 * here is nevertheless anchored (`^…$`), so its meaning does not depend on the matching mode.
 *
 * Two differences from Istio are made up for here:
 * - `:path` carries the query string, which Istio strips before matching (`/a` matches `/a?x=1`):
 *   exact, suffix and template paths accept an optional `?…` tail, and suffixes and templates
 *   never reach into the query (a suffix rule `*.json` must not admit `/admin?f=.json`).
 * - Literal parts are escaped, so `.`, `+`, `(`, `$`… match themselves.
 *
 * Pure functions: no cdk8s, no model.
 */

/** The optional query string after a path. */
const QUERY = '(\\?.*)?';

/** `literal` with every RE2 / POSIX ERE metacharacter escaped, so it only matches itself. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The anchored regex for one Istio `paths` pattern, matched against the request's `:path`
 * (path and query string):
 * - exact `/a` → `^/a(\?.*)?$`;
 * - prefix `/a/*` → `^/a/.*$` (a prefix without `?` lies within the path);
 * - suffix `*.json` → `^[^?]*\.json(\?.*)?$`;
 * - presence `*` → `^.+$`;
 * - template `/a/{*}/b/{**}` → `^/a/[^/?]+/b/[^?]*(\?.*)?$` (`{*}` one non-empty segment,
 *   `{**}` the rest of the path).
 */
export function pathRegex(pattern: string): string {
  if (pattern === '*') return '^.+$';
  if (pattern.includes('{')) {
    const body = pattern.split('/').map((s) => (s === '{*}' ? '[^/?]+' : s === '{**}' ? '[^?]*' : escapeRegex(s))).join('/');
    return `^${body}${QUERY}$`;
  }
  if (pattern.endsWith('*')) return `^${escapeRegex(pattern.slice(0, -1))}.*$`;
  if (pattern.startsWith('*')) return `^[^?]*${escapeRegex(pattern.slice(1))}${QUERY}$`;
  return `^${escapeRegex(pattern)}${QUERY}$`;
}

/** The anchored regex for an HTTP method (a token: `^GET$`). */
export function methodRegex(method: string): string {
  return `^${escapeRegex(method)}$`;
}

/**
 * One anchored regex for a list of Istio `hosts` patterns, which are alternatives
 * (`api.example.com` and `api.example.com:*` → `^(api\.example\.com|api\.example\.com:.*)$`).
 * Istio matches hosts case-insensitively while Cilium's regex is matched against `:authority`
 * as sent, so every letter becomes a two-case class (`[aA][pP][iI]`): RE2 (Cilium, Envoy) and
 * JavaScript read it alike, unlike an inline `(?i)` flag.
 */
export function hostRegex(patterns: readonly string[]): string {
  const bodies = patterns.map((p) => caseless(stringPattern(p.toLowerCase())));
  return bodies.length === 1 ? `^${bodies[0]}$` : `^(${bodies.join('|')})$`;
}

/** Lower-case letters of a regex body as `[xX]` classes (bodies hold only escaped literals, `.*` and `.+`). */
function caseless(body: string): string {
  return body.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** An Istio string pattern (exact, `p*`, `*s`, `*`) as an unanchored regex body. */
function stringPattern(pattern: string): string {
  if (pattern === '*') return '.+';
  if (pattern.endsWith('*')) return `${escapeRegex(pattern.slice(0, -1))}.*`;
  if (pattern.startsWith('*')) return `.*${escapeRegex(pattern.slice(1))}`;
  return escapeRegex(pattern);
}
