// SPDX-License-Identifier: Apache-2.0
/**
 * Gateway API routing precedence, as far as the gateway's AuthorizationPolicy must mirror it.
 *
 * Istio evaluates the gateway's ALLOW rules before routing, and ALLOW rules are alternatives: a
 * public route for `/` would admit a request for `/api/x` without a token even when the more
 * specific route for `/api` requires one. So each route's rule excludes the requests that a more
 * specific route with a different end-user requirement takes (HTTPRoute precedence: exact path
 * over prefix, longer prefix over shorter, a method match over none), per listener hostname.
 */
import type { IngressRouteModel, RoutePathModel } from '../../model/ingress-model';

/** One match of a route: a path, with or without a method. */
export interface RouteMatch {
  readonly path: RoutePathModel;
  readonly method?: string;
}

/** The matches of a route: every path with every method (one match per path when no method is set). */
export function matchesOf(route: Pick<IngressRouteModel, 'paths' | 'methods'>): RouteMatch[] {
  return route.paths.flatMap((path) => (route.methods.length ? route.methods.map((method) => ({ path, method })) : [{ path }]));
}

/** Istio `paths` patterns that match exactly the requests a Gateway API path match selects. */
export function authzPaths(path: RoutePathModel): string[] {
  if (path.type === 'Exact') return [path.value];
  // PathPrefix is element-wise: `/api` matches `/api` and `/api/…`, never `/apix`.
  return path.value === '/' ? ['/*'] : [path.value, `${path.value}/*`];
}

/** True when some request path matches both. */
export function pathsOverlap(a: RoutePathModel, b: RoutePathModel): boolean {
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value;
  if (a.type === 'Exact') return under(a.value, b.value);
  if (b.type === 'Exact') return under(b.value, a.value);
  return under(a.value, b.value) || under(b.value, a.value);
}

/** True when some request matches both. */
export function matchesOverlap(a: RouteMatch, b: RouteMatch): boolean {
  return pathsOverlap(a.path, b.path) && (a.method === undefined || b.method === undefined || a.method === b.method);
}

/** True when `a` and `b` select the same requests in the same way (a duplicate route). */
export function sameMatch(a: RouteMatch, b: RouteMatch): boolean {
  return a.path.type === b.path.type && a.path.value === b.path.value && a.method === b.method;
}

/** True when `a` wins over `b` for a request both match (HTTPRoute precedence). */
export function moreSpecific(a: RouteMatch, b: RouteMatch): boolean {
  if (a.path.type !== b.path.type) return a.path.type === 'Exact';
  if (a.path.value.length !== b.path.value.length) return a.path.value.length > b.path.value.length;
  return a.method !== undefined && b.method === undefined;
}

/** Identity of an end-user requirement: routes with equal keys may admit each other's requests. */
export function requirementKey(route: Pick<IngressRouteModel, 'endUser'>): string {
  const u = route.endUser;
  if (!u) return '';
  return JSON.stringify([u.issuer.issuer, u.subject ?? '', [...u.audiences].sort(), u.claims.map((c) => [c.path.join('.'), [...c.values].sort()])]);
}

/** What a route's rule must leave out on one hostname: requests more specific routes take. */
export interface MatchExceptions {
  /** Paths (Istio patterns) of more specific matches with any method, or with the same method. */
  readonly notPaths: string[];
  /** Methods of more specific matches on the very same path, when this match has no method. */
  readonly notMethods: string[];
  /**
   * A more specific match this one cannot exclude with `notPaths` and `notMethods` in one
   * operation (a method-specific match on a longer path inside a match without methods).
   */
  readonly inexpressible?: { readonly route: IngressRouteModel; readonly match: RouteMatch };
}

/** The exceptions of `match` (of `route`) on `hostname`, among all `routes` of the gateway. */
export function exceptionsOf(route: IngressRouteModel, match: RouteMatch, hostname: string, routes: readonly IngressRouteModel[]): MatchExceptions {
  const key = requirementKey(route);
  const notPaths: string[] = [];
  const notMethods: string[] = [];
  let inexpressible: MatchExceptions['inexpressible'];
  for (const other of routes) {
    if (other === route || !other.hostnames.includes(hostname) || requirementKey(other) === key) continue;
    for (const m of matchesOf(other)) {
      if (!matchesOverlap(match, m) || !moreSpecific(m, match)) continue;
      if (m.method === undefined || match.method !== undefined) notPaths.push(...authzPaths(m.path));
      else if (m.path.type === match.path.type && m.path.value === match.path.value) notMethods.push(m.method);
      else inexpressible ??= { route: other, match: m };
    }
  }
  return { notPaths, notMethods, ...(inexpressible ? { inexpressible } : {}) };
}

/** `path` is `prefix` or below it, element-wise. */
function under(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}
