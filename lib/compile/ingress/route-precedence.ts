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

/** At most this many method sets of nested routes per match: each doubles the operations of a rule. */
export const MAX_NESTED_METHOD_SETS = 3;

/**
 * What a route's rule must leave out on one hostname: the requests more specific routes with
 * another end-user requirement take. A request is excluded when it matches an exception's paths
 * (and, for a method-specific exception, one of its methods).
 */
export interface MatchExceptions {
  /** Paths (Istio patterns) of more specific matches with any method, or with this match's method. */
  readonly notPaths: string[];
  /** Methods of more specific matches on the very same path, when this match has no method. */
  readonly notMethods: string[];
  /**
   * Method-specific matches on longer paths, when this match has no method, grouped by method
   * set: each excludes `paths` × `methods`, which takes two operations (`notPaths` or `notMethods`).
   */
  readonly nested: readonly { readonly paths: string[]; readonly methods: string[] }[];
  /** Set when there are more than MAX_NESTED_METHOD_SETS nested groups: the first nested route. */
  readonly inexpressible?: { readonly route: IngressRouteModel; readonly match: RouteMatch };
}

/** The exceptions of `match` (of `route`) on `hostname`, among all `routes` of the gateway. */
export function exceptionsOf(route: IngressRouteModel, match: RouteMatch, hostname: string, routes: readonly IngressRouteModel[]): MatchExceptions {
  const key = requirementKey(route);
  const notPaths: string[] = [];
  const notMethods: string[] = [];
  const methodsByPath = new Map<string, { paths: string[]; methods: Set<string> }>();
  let first: MatchExceptions['inexpressible'];
  for (const other of routes) {
    if (other === route || !other.hostnames.includes(hostname) || requirementKey(other) === key) continue;
    for (const m of matchesOf(other)) {
      if (!matchesOverlap(match, m) || !moreSpecific(m, match)) continue;
      if (m.method === undefined || match.method !== undefined) {
        notPaths.push(...authzPaths(m.path));
      } else if (m.path.type === match.path.type && m.path.value === match.path.value) {
        notMethods.push(m.method);
      } else {
        const pathKey = `${m.path.type} ${m.path.value}`;
        const entry = methodsByPath.get(pathKey) ?? { paths: authzPaths(m.path), methods: new Set<string>() };
        entry.methods.add(m.method);
        methodsByPath.set(pathKey, entry);
        first ??= { route: other, match: m };
      }
    }
  }
  // Paths excluded for the same methods merge: not (p1 and X) and not (p2 and X) = not ((p1 or p2) and X).
  const byMethods = new Map<string, { paths: string[]; methods: string[] }>();
  for (const { paths, methods } of methodsByPath.values()) {
    const sorted = [...methods].sort();
    const k = sorted.join(' ');
    const entry = byMethods.get(k) ?? { paths: [], methods: sorted };
    entry.paths.push(...paths);
    byMethods.set(k, entry);
  }
  const nested = [...byMethods.values()];
  return { notPaths, notMethods, nested, ...(nested.length > MAX_NESTED_METHOD_SETS && first ? { inexpressible: first } : {}) };
}

/** `path` is `prefix` or below it, element-wise. */
function under(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}
