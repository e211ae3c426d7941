// SPDX-License-Identifier: Apache-2.0
/**
 * How the matrix reads rules: the rows a source can match (principals, namespaces,
 * serviceAccounts, any peer, plaintext) and the probe requests and condition texts built from
 * an operation (semantics §b3 attribute table).
 */
import { describe, expect, it } from 'vitest';
import { ANY_PEER, PLAINTEXT, istioMatch, keysOfSource, principalKey, readRules } from '../../../lib/analyze/authz/matrix-policy';
import { anyRequest, portCovered, probesOf } from '../../../lib/analyze/authz/matrix-probes';
import type { InventoryEntry } from '../../../lib/analyze/manifest-object';

const TD = 'bank.example';
const HTTP = { http: true, issuer: 'https://issuer.example', audiences: new Map<string, string>() };
const TCP = { ...HTTP, http: false };

function policy(spec: Record<string, unknown>, namespace = 'bank-core'): InventoryEntry {
  return { object: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace }, spec }, ref: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', name: 'p', namespace } };
}

function probes(rule: Record<string, unknown>, ctx = HTTP) {
  const [r] = readRules(policy({ rules: [rule] }), TD);
  return r.from.flatMap((clause) => r.to.flatMap((op) => probesOf(r, clause, op, ctx)));
}

describe('rows a source can match', () => {
  it('names principals (spiffe:// stripped, cluster.local read as the mesh trust domain)', () => {
    expect(keysOfSource({ principals: ['spiffe://bank.example/ns/a/sa/b', 'cluster.local/ns/c/sa/d'] }, 'x', TD)).toEqual(['bank.example/ns/a/sa/b', 'bank.example/ns/c/sa/d']);
  });

  it('reads serviceAccounts in the policy namespace unless qualified', () => {
    expect(keysOfSource({ serviceAccounts: ['web', 'ops/debug'] }, 'bank-web', TD)).toEqual(['bank.example/ns/bank-web/sa/web', 'bank.example/ns/ops/sa/debug']);
  });

  it('reads namespaces and namespace-wide principal prefixes as the namespace row', () => {
    expect(keysOfSource({ namespaces: ['ops', '*'] }, 'x', TD)).toEqual(['bank.example/ns/ops/sa/*', ANY_PEER]);
    expect(principalKey('bank.example/ns/ops/*', TD)).toBe('bank.example/ns/ops/sa/*');
    expect(principalKey('*', TD)).toBe(ANY_PEER);
    expect(principalKey('*/sa/web', TD)).toBe('*/sa/web');
  });

  it('lets a source without a positive identity field match any peer and plaintext peers', () => {
    expect(keysOfSource({}, 'x', TD)).toEqual([ANY_PEER, PLAINTEXT]);
    expect(keysOfSource({ notNamespaces: ['shop'] }, 'x', TD)).toEqual([ANY_PEER, PLAINTEXT]);
    expect(keysOfSource({ ipBlocks: ['10.0.0.0/8'] }, 'x', TD)).toEqual([ANY_PEER, PLAINTEXT]);
  });

  it('narrows an open source by a when on source.principal', () => {
    const [r] = readRules(policy({ rules: [{ when: [{ key: 'source.principal', values: ['cluster.local/ns/a/sa/b'] }] }] }), TD);
    expect(r.from.map((f) => f.keys)).toEqual([['bank.example/ns/a/sa/b']]);
  });

  it('names each rule as Envoy RBAC does', () => {
    const rules = readRules(policy({ rules: [{}, {}] }), TD);
    expect(rules.map((r) => r.name)).toEqual(['ns[bank-core]-policy[p]-rule[0]', 'ns[bank-core]-policy[p]-rule[1]']);
  });
});

describe('Istio string match', () => {
  it('exact, prefix, suffix, presence and path templates', () => {
    expect(istioMatch('/a', '/a')).toBe(true);
    expect(istioMatch('/a/*', '/a/b/c')).toBe(true);
    expect(istioMatch('*.png', '/x.png')).toBe(true);
    expect(istioMatch('*', '')).toBe(false);
    expect(istioMatch('/a/{*}/b', '/a/x/b', true)).toBe(true);
    expect(istioMatch('/a/{*}/b', '/a/x/y/b', true)).toBe(false);
    expect(istioMatch('/a/{**}', '/a/x/y', true)).toBe(true);
  });
});

describe('probes of an operation', () => {
  it('builds one request per method × path, with a path matching each pattern', () => {
    const list = probes({ to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/accounts/*', '/accounts/{*}/balance', '/exact'] } }] });
    expect(list.map((p) => `${p.http?.method} ${p.http?.path} | ${p.condition}`)).toEqual([
      'GET /accounts/probe | GET /accounts/*',
      'GET /accounts/probe/balance | GET /accounts/{*}/balance',
      'GET /exact | GET /exact',
      'HEAD /accounts/probe | HEAD /accounts/*',
      'HEAD /accounts/probe/balance | HEAD /accounts/{*}/balance',
      'HEAD /exact | HEAD /exact',
    ]);
  });

  it('builds a token satisfying the request principal, audiences and claims', () => {
    const [p] = probes({
      to: [{ operation: { methods: ['POST'], paths: ['/transfers'] } }],
      when: [
        { key: 'request.auth.audiences', values: ['bank-internal'] },
        { key: 'request.auth.claims[scope]', values: ['payments:write'] },
        { key: 'request.auth.claims[org][tier]', values: ['gold'] },
        { key: 'request.auth.principal', values: ['https://sts.bank.internal/*'] },
      ],
    });
    expect(p.jwt).toEqual({ iss: 'https://sts.bank.internal', sub: 'probe', aud: ['bank-internal'], claims: { scope: 'payments:write', org: { tier: 'gold' } } });
    expect(p.condition).toBe('POST /transfers with jwt iss=https://sts.bank.internal aud=bank-internal scope=payments:write org.tier=gold');
  });

  it('puts an audience the destination accepts in a token whose audience no rule fixes', () => {
    const [p] = probes({ from: [{ source: { requestPrincipals: ['https://idp.example.com/*'] } }] }, { ...HTTP, audiences: new Map([['https://idp.example.com', 'payments']]) });
    expect(p.jwt).toEqual({ iss: 'https://idp.example.com', sub: 'probe', aud: ['payments'] });
    expect(p.condition).toBe('any request with jwt iss=https://idp.example.com');
  });

  it('varies what a condition leaves open: another method, another path', () => {
    const [p] = probes({ to: [{ operation: { paths: ['/api/*'] } }] });
    expect(p.also.map((a) => `${a.http?.method} ${a.http?.path}`)).toEqual(['POST /api/probe']);
    const [q] = probes({ to: [{ operation: { methods: ['GET'], notPaths: ['/zz-any/*'] } }] });
    expect(q.also.map((a) => `${a.http?.method} ${a.http?.path}`)).toEqual(['GET /probe-any']);
    expect(anyRequest(HTTP).also.map((a) => `${a.http?.method} ${a.http?.path}`)).toEqual(['PATCH /', 'GET /zz-any/probe']);
    expect(probes({ to: [{ operation: { methods: ['GET'], paths: ['/a'] } }] })[0].also).toEqual([]);
  });

  it('uses a known issuer for any token, and says so', () => {
    const [p] = probes({ from: [{ source: { requestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/api/*'] } }] });
    expect(p.jwt).toEqual({ iss: 'https://issuer.example', sub: 'probe' });
    expect(p.condition).toBe('any method /api/* with any jwt');
  });

  it('avoids negative values and describes them', () => {
    const [p] = probes({ to: [{ operation: { notMethods: ['GET', 'POST'], notPaths: ['/', '/admin/*'] } }] });
    expect(p.http).toMatchObject({ method: 'PUT', path: '/probe' });
    expect(p.condition).toBe('any method except GET|POST any path except /, /admin/*');
    const [q] = probes({ to: [{ operation: { methods: ['GET'], paths: ['/*'], notPaths: ['/api', '/api/*'] } }] });
    expect(q.http).toMatchObject({ path: '/probe' });
    expect(q.condition).toBe('GET /* except /api, /api/*');
  });

  it('adds hosts, headers and source addresses', () => {
    const [p] = probes({
      from: [{ source: { ipBlocks: ['10.20.0.0/16'] } }],
      to: [{ operation: { hosts: ['*.shop.example.com'] } }],
      when: [{ key: 'request.headers[X-Tenant]', values: ['acme'] }],
    });
    expect(p).toMatchObject({ http: { method: 'GET', path: '/', host: 'probe.shop.example.com', headers: { 'x-tenant': 'acme' } }, ip: '10.20.0.0' });
    expect(p.condition).toBe('any request host *.shop.example.com header x-tenant=acme from 10.20.0.0/16');
    expect(p.unconstrained).toBe(false);
  });

  it('on a TCP port: no HTTP attributes, and no probe from an alternative that has some (§b4)', () => {
    expect(probes({ to: [{ operation: { methods: ['GET'], ports: ['5432'] } }] }, TCP)).toEqual([]);
    expect(probes({ from: [{ source: { requestPrincipals: ['*'] } }] }, TCP)).toEqual([]);
    expect(probes({ when: [{ key: 'request.headers[x-a]', values: ['b'] }] }, TCP)).toEqual([]);
    const list = probes({ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { ports: ['5432'] } }] }, TCP);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ condition: 'any request from 10.0.0.0/8', ip: '10.0.0.0', unconstrained: false });
    expect(list[0].http).toBeUndefined();
  });

  it('treats a rule without L7 constraints as any request', () => {
    const [p] = probes({ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }] });
    expect(p).toMatchObject({ condition: 'any request', unconstrained: true, key: anyRequest(HTTP).key });
  });

  it('yields nothing when a value contradicts its negation', () => {
    expect(probes({ to: [{ operation: { paths: ['/a'], notPaths: ['/a*'] } }] })).toEqual([]);
  });

  it('matches rule ports against the service port or its target port', () => {
    const [r] = readRules(policy({ rules: [{ to: [{ operation: { ports: ['8080'] } }] }] }), TD);
    expect(portCovered(r.to[0], r.when, { port: 80, targetPort: 8080 })).toBe(true);
    expect(portCovered(r.to[0], r.when, { port: 9090, targetPort: 9090 })).toBe(false);
    expect(portCovered(r.to[0], r.when, { port: 9090, targetPort: 'http' })).toBe(true);
  });
});
