// SPDX-License-Identifier: Apache-2.0
/**
 * The gateway's AuthorizationPolicy against an independent simulation of what happens to a
 * request: Gateway API listener selection and route precedence pick the route, and the request
 * should be admitted exactly when that route's end-user requirement holds. The policy is
 * evaluated the way Istio does (ALLOW rules are alternatives; exact / prefix / suffix / presence
 * string matches; notX fields exclude), over random sets of routes and requests.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EndUser, HttpMethod, IngressGateway, IngressTls, JwtIssuer, Match, Mesh } from 'cdk8s-mesh';
import { compileIngress } from '../../lib/compile/ingress/ingress-compiler';
import { MeshError } from '../../lib/model/errors';
import { chart, notUnderTest } from '../helpers';

const HOSTNAMES = ['a.example.com', '*.example.com'];
const ISSUERS = { A: 'https://a.example', B: 'https://b.example' } as const;
type Issuer = keyof typeof ISSUERS | '';

interface RouteSpec {
  paths: { exact: boolean; value: string }[];
  methods: ('GET' | 'POST')[];
  endUser: Issuer;
  hostnames?: string[];
}

const routeSpec: fc.Arbitrary<RouteSpec> = fc.record({
  paths: fc.uniqueArray(fc.record({ exact: fc.boolean(), value: fc.constantFrom('/', '/a', '/a/b', '/a/b/c') }), { minLength: 1, maxLength: 2, selector: (p) => `${p.exact}${p.value}` }),
  methods: fc.uniqueArray(fc.constantFrom('GET' as const, 'POST' as const), { maxLength: 2 }),
  endUser: fc.constantFrom('' as const, 'A' as const, 'B' as const),
  hostnames: fc.option(fc.uniqueArray(fc.constantFrom(...HOSTNAMES), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

interface Request { host: string; path: string; method: string; token: Issuer }

const request: fc.Arbitrary<Request> = fc.record({
  host: fc.constantFrom('a.example.com', 'b.example.com', 'a.example.com:443'),
  path: fc.constantFrom('/', '/a', '/a/', '/a/b', '/a/bc', '/ab', '/a/b/c', '/z'),
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  token: fc.constantFrom('' as const, 'A' as const, 'B' as const),
});

/** Builds the gateway; each accepted route gets its own HTTPRoute `r<i>`. Rejected routes are skipped. */
function build(specs: RouteSpec[]) {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh');
  notUnderTest(mesh, 'MESH-EU-03');
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] });
  const issuers = { A: new JwtIssuer(c, 'a', { issuer: ISSUERS.A }), B: new JwtIssuer(c, 'b', { issuer: ISSUERS.B }) };
  const gateway = new IngressGateway(c, 'edge', { mesh, namespace: 'ingress', hostnames: HOSTNAMES, tls: IngressTls.fromSecret('tls') });
  const requirements = new Map<string, Issuer>();
  specs.forEach((s, i) => {
    try {
      gateway.route(web, {
        name: `r${i}`,
        paths: s.paths.map((p) => (p.exact ? Match.exact(p.value) : Match.prefix(p.value))),
        ...(s.methods.length ? { methods: s.methods.map((m) => HttpMethod[m]) } : {}),
        ...(s.endUser ? { endUser: EndUser.issuer(issuers[s.endUser]) } : {}),
        ...(s.hostnames ? { hostnames: s.hostnames } : {}),
      });
      requirements.set(`r${i}`, s.endUser);
    } catch (e) {
      if (!MeshError.isMeshError(e)) throw e;
    }
  });
  return { objects: compileIngress(gateway._toModel()) as any[], requirements };
}

/** Gateway API: the listener of the most specific hostname, the route match of highest precedence. */
function routeOf(objects: any[], req: Request): string | undefined {
  const host = req.host.replace(/:\d+$/, '');
  const listener = host === 'a.example.com' ? 'https-a.example.com' : host.endsWith('.example.com') ? 'https-wildcard.example.com' : undefined;
  let best: { route: string; rank: number[] } | undefined;
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute')) {
    if (!route.spec.parentRefs.some((p: any) => p.sectionName === listener)) continue;
    for (const rule of route.spec.rules) {
      for (const m of rule.matches) {
        const v: string = m.path.value;
        const pathOk = m.path.type === 'Exact' ? req.path === v : v === '/' || req.path === v || req.path.startsWith(`${v}/`);
        if (!pathOk || (m.method && m.method !== req.method)) continue;
        const rank = [m.path.type === 'Exact' ? 1 : 0, v.length, m.method ? 1 : 0];
        if (!best || compareRank(rank, best.rank) > 0) best = { route: route.metadata.name, rank };
      }
    }
  }
  return best?.route;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Istio string match: `*` presence, `x*` prefix, `*x` suffix, otherwise exact. */
function istioMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

/** Istio ALLOW evaluation of the gateway policy for an HTTPS request on port 443. */
function admitted(objects: any[], req: Request): boolean {
  const policy = objects.find((o) => o.kind === 'AuthorizationPolicy');
  const principal = req.token ? `${ISSUERS[req.token]}/user` : undefined;
  const field = (values: string[] | undefined, notValues: string[] | undefined, x: string) =>
    (!values || values.some((p) => istioMatch(p, x))) && (!notValues || !notValues.some((p) => istioMatch(p, x)));
  return policy.spec.rules.some((rule: any) => {
    const fromOk = !rule.from || rule.from.some((f: any) => principal !== undefined && f.source.requestPrincipals.some((p: string) => istioMatch(p, principal)));
    const toOk = !rule.to || rule.to.some(({ operation: o }: any) =>
      field(o.hosts, o.notHosts, req.host) && field(o.methods, o.notMethods, req.method) && field(o.paths, o.notPaths, req.path) && field(o.ports, undefined, '443'));
    return fromOk && toOk && !rule.when;
  });
}

describe('gateway policy and routing agree', () => {
  it('admits a request exactly when the route that routing picks for it has its end-user requirement met', () => {
    fc.assert(fc.property(fc.array(routeSpec, { minLength: 1, maxLength: 5 }), fc.array(request, { minLength: 10, maxLength: 30 }), (specs, requests) => {
      const { objects, requirements } = build(specs);
      if (requirements.size === 0) return;
      for (const req of requests) {
        const route = routeOf(objects, req);
        const expected = route !== undefined && (requirements.get(route) === '' || requirements.get(route) === req.token);
        expect({ req, admitted: admitted(objects, req) }).toEqual({ req, admitted: expected });
      }
    }), { numRuns: 300 });
  });

  it('covers the classic case: public site, protected API, public health check inside it', () => {
    const { objects } = build([
      { paths: [{ exact: false, value: '/' }], methods: [], endUser: '' },
      { paths: [{ exact: false, value: '/a' }], methods: ['GET', 'POST'], endUser: 'A' },
      { paths: [{ exact: true, value: '/a/b' }], methods: ['GET'], endUser: '' },
    ]);
    const ask = (method: string, path: string, token: Issuer) => admitted(objects, { host: 'a.example.com', path, method, token });
    expect(ask('GET', '/z', '')).toBe(true);
    expect(ask('GET', '/a/c', '')).toBe(false);
    expect(ask('GET', '/a/c', 'B')).toBe(false);
    expect(ask('GET', '/a/c', 'A')).toBe(true);
    expect(ask('PUT', '/a/c', '')).toBe(true); // PUT is not routed to the API: the public site takes it
    expect(ask('GET', '/a/b', '')).toBe(true);
    expect(ask('POST', '/a/b', '')).toBe(false);
  });
});
