// SPDX-License-Identifier: Apache-2.0
import { compare } from '../access-rules';
import { ISTIO_SECURITY_API, type AuthorizationCondition, type Manifest } from '../manifest';
import {
  gatewayTargetRefs,
  HTTP_REDIRECT_PORT,
  type GatewayAuthorizationPolicySpec,
  type GatewayAuthorizationRule,
  type GatewayOperation,
} from './gateway-api';
import { gatewayPolicyName } from './ingress-names';
import { authzPaths, exceptionsOf, matchesOf, type MatchExceptions } from './route-precedence';
import type { IngressGatewayModel, IngressRouteModel } from '../../model/ingress-model';
import type { EndUserModel } from '../../model/mesh-model';

/**
 * The gateway's own ALLOW policy (SP 800-204 MS-SS-2: coarse authorization at the first
 * gateway), attached with `targetRefs` to the Gateway (b1). It admits exactly what is routed —
 * per route: its paths and methods on its hostnames, and with `endUser` only requests with a
 * valid token of that issuer (`requestPrincipals`) and the audiences and claims asked for —
 * so everything else is denied before routing. Each rule leaves out what a more specific route
 * with another end-user requirement takes (route-precedence.ts), so a public route for `/` never
 * admits a tokenless request that routing would send to a protected `/api`. With the
 * plain-HTTP listener, any request on port 80 is admitted: its only route redirects to HTTPS.
 */
export function gatewayAuthorizationPolicy(gateway: IngressGatewayModel): Manifest<GatewayAuthorizationPolicySpec> {
  const rules = gateway.routes.map((route) => routeRule(gateway, route));
  if (gateway.httpRedirect) rules.push({ to: [{ operation: { ...hostsOf(gateway, gateway.hostnames), ports: [String(HTTP_REDIRECT_PORT)] } }] });
  const unique = new Map(rules.map((r) => [JSON.stringify(r), r]));
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: gatewayPolicyName(gateway), namespace: gateway.namespace },
    spec: {
      targetRefs: gatewayTargetRefs(gateway.name),
      action: 'ALLOW',
      rules: [...unique.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r),
    },
  };
}

/**
 * The problem the routes would cause in the gateway policy, or undefined: a route without
 * methods with method-specific routes of another end-user requirement nested in it under more
 * than MAX_NESTED_METHOD_SETS different method sets (each doubles the rule's operations).
 */
export function inexpressibleOverlap(gateway: IngressGatewayModel): { route: IngressRouteModel; inner: IngressRouteModel; innerMatch: string } | undefined {
  for (const route of gateway.routes) {
    for (const hostname of route.hostnames) {
      for (const match of matchesOf(route)) {
        const found = exceptionsOf(route, match, hostname, gateway.routes).inexpressible;
        if (found) return { route, inner: found.route, innerMatch: `${found.match.method} ${found.match.path.value}` };
      }
    }
  }
  return undefined;
}

function routeRule(gateway: IngressGatewayModel, route: IngressRouteModel): GatewayAuthorizationRule {
  // Hostnames whose listeners need the same operations share them.
  const byOperation = new Map<string, { operation: RouteOperation; hostnames: string[] }>();
  for (const hostname of route.hostnames) {
    for (const operation of operationsOn(gateway, route, hostname)) {
      const key = JSON.stringify(operation);
      const entry = byOperation.get(key) ?? { operation, hostnames: [] as string[] };
      entry.hostnames.push(hostname);
      byOperation.set(key, entry);
    }
  }
  const to = [...byOperation.values()]
    .map(({ operation, hostnames }) => ({ operation: { ...hostsOf(gateway, hostnames), ...operation } }))
    .sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  const user = route.endUser;
  const when = user ? endUserConditions(user) : [];
  return {
    ...(user ? { from: [{ source: { requestPrincipals: [`${user.issuer.issuer}/${user.subject ?? '*'}`] } }] } : {}),
    to,
    ...(when.length ? { when } : {}),
  };
}

/** An operation of a route's rule, before hosts are added. */
type RouteOperation = Omit<GatewayOperation, 'hosts' | 'notHosts'>;

/**
 * The operations admitting a route's requests on one listener hostname. Matches are grouped by
 * method and exceptions (a path set each), then methods with the same path set and exceptions
 * are merged, so every operation is paths × methods minus its exceptions. A nested
 * method-specific exception (paths P, methods X) is excluded by "path not in P, or method not
 * in X": two operations, one with `notPaths` and one with `notMethods`.
 */
function operationsOn(gateway: IngressGatewayModel, route: IngressRouteModel, hostname: string): RouteOperation[] {
  const byMethod = new Map<string, { method?: string; paths: string[]; exceptions: MatchExceptions }>();
  for (const match of matchesOf(route)) {
    const exceptions = exceptionsOf(route, match, hostname, gateway.routes);
    const key = JSON.stringify([match.method ?? '', exceptionsKey(exceptions)]);
    const entry = byMethod.get(key) ?? { ...(match.method ? { method: match.method } : {}), paths: [], exceptions };
    entry.paths.push(...authzPaths(match.path));
    byMethod.set(key, entry);
  }
  const byPaths = new Map<string, { paths: string[]; methods: string[]; exceptions: MatchExceptions }>();
  for (const e of byMethod.values()) {
    const key = JSON.stringify([sortedUnique(e.paths), exceptionsKey(e.exceptions), e.method === undefined]);
    const entry = byPaths.get(key) ?? { paths: e.paths, methods: [] as string[], exceptions: e.exceptions };
    if (e.method) entry.methods.push(e.method);
    byPaths.set(key, entry);
  }
  return [...byPaths.values()].flatMap(({ paths, methods, exceptions }) => {
    // Each nested exception doubles the operations: exclude it by path, or by method.
    let variants = [{ notPaths: exceptions.notPaths, notMethods: exceptions.notMethods }];
    for (const n of exceptions.nested) {
      variants = variants.flatMap((v) => [
        { notPaths: [...v.notPaths, ...n.paths], notMethods: v.notMethods },
        { notPaths: v.notPaths, notMethods: [...v.notMethods, ...n.methods] },
      ]);
    }
    return variants.map((v) => ({
      ...(methods.length ? { methods: sortedUnique(methods) } : {}),
      ...(v.notMethods.length ? { notMethods: sortedUnique(v.notMethods) } : {}),
      paths: sortedUnique(paths),
      ...(v.notPaths.length ? { notPaths: sortedUnique(v.notPaths) } : {}),
    }));
  });
}

function exceptionsKey(e: MatchExceptions): string {
  return JSON.stringify([sortedUnique(e.notPaths), sortedUnique(e.notMethods), e.nested.map((n) => [sortedUnique(n.paths), n.methods])]);
}

/**
 * `hosts` (and `notHosts`) selecting the requests the listeners of `hostnames` receive; nothing
 * when that is every hostname of the gateway. A wildcard listener does not receive the hostnames
 * of more specific listeners (Gateway API listener precedence), so those are excluded unless
 * they are among `hostnames` too. Exact hostnames also match with an explicit port (`h:*`).
 */
function hostsOf(gateway: IngressGatewayModel, hostnames: readonly string[]): Pick<GatewayOperation, 'hosts' | 'notHosts'> {
  if (gateway.hostnames.every((h) => hostnames.includes(h))) return {};
  const others = gateway.hostnames.filter((h) => !hostnames.includes(h));
  const notHosts = others.filter((o) => hostnames.some((h) => h.startsWith('*.') && moreSpecificHost(o, h)));
  return {
    hosts: sortedUnique(hostnames.flatMap(authorities)),
    ...(notHosts.length ? { notHosts: sortedUnique(notHosts.flatMap(authorities)) } : {}),
  };
}

/** `:authority` patterns of a hostname. */
function authorities(hostname: string): string[] {
  return hostname.startsWith('*.') ? [hostname] : [hostname, `${hostname}:*`];
}

/** True when listener hostname `a` is matched by wildcard `w` and takes precedence over it. */
function moreSpecificHost(a: string, w: string): boolean {
  // `*.example.com` matches `shop.example.com` and `*.shop.example.com`, both more specific.
  return a !== w && a.endsWith(w.slice(1));
}

/** The audiences and claims of an end user; the issuer and subject are in `requestPrincipals`. */
function endUserConditions(user: EndUserModel): AuthorizationCondition[] {
  const out: AuthorizationCondition[] = [];
  if (user.audiences.length) out.push({ key: 'request.auth.audiences', values: sortedUnique(user.audiences) });
  for (const claim of user.claims) out.push({ key: `request.auth.claims${claim.path.map((p) => `[${p}]`).join('')}`, values: sortedUnique(claim.values) });
  return out.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}
