// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b3: matching one policy — rule/source/operation/condition structure, the string
 * forms, each attribute, and mTLS-only fields with plaintext peers.
 */
import { describe, expect, it } from 'vitest';
import { blockContains, parseIpBlock } from '../../../lib/analyze/authz/ip-match';
import { pathPattern, stringPattern } from '../../../lib/analyze/authz/string-match';
import { app, authz, decide, engineOf, last, meshConfig, namespace, peerAuthn, requestAuthn, rule, sidecarNamespace, type Ask } from './fixtures';

const base = () => [sidecarNamespace('app'), sidecarNamespace('team-a'), sidecarNamespace('team-b'), app('app', 'client'), app('app', 'server'), app('team-a', 'job'), app('team-b', 'job')];
const allow = (r: Record<string, unknown>) => authz('app', 'allow', { selector: { matchLabels: { app: 'server' } }, rules: [r] });
const req = (extra: Partial<Ask>): Ask => ({ from: 'app/client', to: 'server.app:8080', method: 'GET', path: '/', ...extra });
const allowed = (e: ReturnType<typeof engineOf>, a: Partial<Ask>) => decide(e, req(a)).decision === 'ALLOW';

describe('b3 string matching: exact, prefix*, *suffix, * presence, no general glob', () => {
  it('matches each form', () => {
    expect(stringPattern('abc').test('abc')).toBe(true);
    expect(stringPattern('abc').test('abcd')).toBe(false);
    expect(stringPattern('/api/*').test('/api/v1')).toBe(true);
    expect(stringPattern('*.json').test('/a/b.json')).toBe(true);
    expect(stringPattern('*').test('x')).toBe(true);
    expect(stringPattern('*').test('')).toBe(false);
    expect(stringPattern('*').test(undefined)).toBe(false);
    expect(stringPattern('/a*b').test('/a*b')).toBe(true);
    expect(stringPattern('/a/*/b').test('/a/x/b')).toBe(false);
  });

  it('applies the forms to paths, methods and the rule structure (from OR, fields AND)', () => {
    const e = engineOf([base(), allow({
      from: [{ source: { principals: ['cluster.local/ns/team-a/sa/job'] } }, { source: { principals: ['cluster.local/ns/app/sa/client'] } }],
      to: [{ operation: { methods: ['GET', 'HEAD'], paths: ['/api/*', '*.json', '/exact'] } }],
    })]);
    expect(last(decide(e, req({ path: '/api/orders' })))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'allow', 0) });
    expect(allowed(e, { path: '/static/app.json' })).toBe(true);
    expect(allowed(e, { path: '/exact' })).toBe(true);
    expect(allowed(e, { path: '/exact/more' })).toBe(false);
    expect(allowed(e, { method: 'POST', path: '/api/orders' })).toBe(false);
    expect(allowed(e, { from: 'team-a/job', path: '/api/x' })).toBe(true);
    expect(allowed(e, { from: 'team-b/job', path: '/api/x' })).toBe(false);
  });

  it('paths: templates {*} (one segment) and {**} (the rest), query string stripped, normalization', () => {
    expect(pathPattern('/cart/{*}/items').test('/cart/42/items')).toBe(true);
    expect(pathPattern('/cart/{*}/items').test('/cart/4/2/items')).toBe(false);
    expect(pathPattern('/cart/{*}/items/{**}').test('/cart/42/items/7/notes')).toBe(true);
    const e = engineOf([base(), allow({ to: [{ operation: { paths: ['/cart/{*}'] } }] })]);
    expect(allowed(e, { path: '/cart/42?expand=true' })).toBe(true);
    expect(allowed(e, { path: '/cart/42/x' })).toBe(false);
    expect(allowed(e, { path: '/cart/x/../42' })).toBe(true);
    expect(allowed(e, { path: '//cart//42' })).toBe(false);
    const merged = engineOf([base(), meshConfig('pathNormalization:\n  normalization: MERGE_SLASHES\n'), allow({ to: [{ operation: { paths: ['/cart/{*}'] } }] })]);
    expect(allowed(merged, { path: '//cart//42' })).toBe(true);
  });
});

describe('b3 attributes', () => {
  it('hosts are case-insensitive and match :authority as sent (a port is part of it)', () => {
    const e = engineOf([base(), allow({ to: [{ operation: { hosts: ['api.example.com', '*.example.org'] } }] })]);
    expect(allowed(e, { host: 'API.Example.com' })).toBe(true);
    expect(allowed(e, { host: 'www.EXAMPLE.org' })).toBe(true);
    expect(allowed(e, { host: 'api.example.com:8080' })).toBe(false);
    expect(last(decide(e, req({ host: 'api.example.com:8080' }))).detail?.reason).toContain('needs hosts [api.example.com, *.example.org] (got api.example.com:8080)');
  });

  it('methods are matched as sent: a lower-case method is rejected with 400 by request normalization', () => {
    const e = engineOf([base(), allow({ to: [{ operation: { methods: ['GET'] } }] })]);
    expect(allowed(e, { method: 'GET' })).toBe(true);
    const d = decide(e, req({ method: 'get' }));
    expect(last(d)).toMatchObject({ decision: 'DENY' });
    expect(last(d).detail?.reason).toBe('rejected with 400: method get is not upper-case (request normalization)');
  });

  it('ports and notPorts match the container port', () => {
    const e = engineOf([sidecarNamespace('app'), app('app', 'client'), app('app', 'server', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
      allow({ to: [{ operation: { ports: ['8080'] } }] })]);
    expect(allowed(e, { to: 'server.app:80' })).toBe(true);
    const not = engineOf([sidecarNamespace('app'), app('app', 'client'), app('app', 'server', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
      allow({ to: [{ operation: { notPorts: ['8080'] } }] })]);
    expect(allowed(not, { to: 'server.app:80' })).toBe(false);
  });

  it('namespaces is a regex on the principal in sidecars (`*` anywhere), serviceAccounts `sa` means the policy namespace', () => {
    const e = engineOf([base(), allow({ from: [{ source: { namespaces: ['team-*'] } }] })]);
    expect(allowed(e, { from: 'team-a/job' })).toBe(true);
    expect(allowed(e, { from: 'app/client' })).toBe(false);
    const mid = engineOf([base(), allow({ from: [{ source: { namespaces: ['team*b'] } }] })]);
    expect(allowed(mid, { from: 'team-b/job' })).toBe(true);
    const sa = engineOf([base(), allow({ from: [{ source: { serviceAccounts: ['client', 'team-a/job'] } }] })]);
    expect(allowed(sa, { from: 'app/client' })).toBe(true);
    expect(allowed(sa, { from: 'team-a/job' })).toBe(true);
    expect(allowed(sa, { from: 'team-b/job' })).toBe(false);
  });

  it('cluster.local in a principal stands for the mesh trust domain and its aliases', () => {
    const e = engineOf([base(), meshConfig('trustDomain: corp.example\ntrustDomainAliases: [old.example]\n'), allow({ from: [{ source: { principals: ['cluster.local/ns/app/sa/client'] } }] })]);
    expect(allowed(e, {})).toBe(true);
    expect(allowed(e, { from: undefined, principal: 'old.example/ns/app/sa/client' })).toBe(true);
    expect(allowed(e, { from: undefined, principal: 'other.example/ns/app/sa/client' })).toBe(false);
  });

  it('ipBlocks and notIpBlocks: single addresses and CIDRs, IPv4 and IPv6', () => {
    expect(blockContains(parseIpBlock('2001:db8::/32')!, '2001:db8:1::1')).toBe(true);
    expect(blockContains(parseIpBlock('10.0.0.0/8')!, '2001:db8::1')).toBe(false);
    const e = engineOf([base(), peerAuthn('app', 'permissive', { mtls: { mode: 'PERMISSIVE' } }), allow({ from: [{ source: { ipBlocks: ['10.1.0.0/16', '2001:db8::/32'], notIpBlocks: ['10.1.9.0/24'] } }] })]);
    expect(allowed(e, { from: undefined, plaintext: true, ip: '10.1.2.3' })).toBe(true);
    expect(allowed(e, { from: undefined, plaintext: true, ip: '2001:db8:5::7' })).toBe(true);
    expect(allowed(e, { from: undefined, plaintext: true, ip: '10.1.9.3' })).toBe(false);
    expect(allowed(e, { from: undefined, plaintext: true })).toBe(false);
  });

  it('requestPrincipals: iss/sub split at the last slash, `*`, iss/*, *suffix, prefix*', () => {
    const mk = (v: string) => engineOf([base(), requestAuthn('app', 'jwt', { jwtRules: [{ issuer: 'https://idp.example.com/realms/a' }, { issuer: 'other' }] }), allow({ from: [{ source: { requestPrincipals: [v] } }] })]);
    const tok = (iss: string, sub: string) => ({ jwt: { iss, sub } });
    expect(allowed(mk('*'), tok('other', 'x'))).toBe(true);
    expect(allowed(mk('*'), {})).toBe(false);
    expect(allowed(mk('https://idp.example.com/realms/a/*'), tok('https://idp.example.com/realms/a', 'alice'))).toBe(true);
    expect(allowed(mk('https://idp.example.com/realms/a/alice'), tok('https://idp.example.com/realms/a', 'alice'))).toBe(true);
    expect(allowed(mk('https://idp.example.com/realms/a/alice'), tok('https://idp.example.com/realms/a', 'bob'))).toBe(false);
    expect(allowed(mk('*ice'), tok('other', 'alice'))).toBe(true);
    expect(allowed(mk('*/realms/a/alice'), tok('https://idp.example.com/realms/a', 'alice'))).toBe(true);
    expect(allowed(mk('oth*'), tok('other', 'bob'))).toBe(true);
    expect(allowed(mk('other/b*'), tok('other', 'bob'))).toBe(true);
    expect(allowed(mk('other/b*'), tok('other', 'alice'))).toBe(false);
  });

  it('when: headers (case-insensitive name), claims (nested, list contains), audiences, source.ip, values and notValues', () => {
    const e = engineOf([base(), requestAuthn('app', 'jwt', { jwtRules: [{ issuer: 'idp' }] }), peerAuthn('app', 'permissive', { mtls: { mode: 'PERMISSIVE' } }), allow({ when: [
      { key: 'request.headers[X-Tenant]', values: ['acme-*'], notValues: ['acme-test'] },
      { key: 'request.auth.claims[realm][roles]', values: ['admin'] },
      { key: 'request.auth.audiences', values: ['api'] },
    ] })]);
    const jwt = { iss: 'idp', sub: 'u', aud: ['api'], claims: { realm: { roles: ['viewer', 'admin'] } } };
    expect(allowed(e, { headers: { 'x-tenant': 'acme-prod' }, jwt })).toBe(true);
    expect(allowed(e, { headers: { 'x-tenant': 'acme-test' }, jwt })).toBe(false);
    expect(allowed(e, { headers: { 'x-tenant': 'acme-prod' }, jwt: { ...jwt, claims: { realm: { roles: 'viewer' } } } })).toBe(false);
    expect(allowed(e, { headers: { 'x-tenant': 'acme-prod' }, jwt: { ...jwt, aud: ['web'] } })).toBe(false);
    const ip = engineOf([base(), peerAuthn('app', 'permissive', { mtls: { mode: 'PERMISSIVE' } }), allow({ when: [{ key: 'source.ip', values: ['192.0.2.0/24'] }, { key: 'destination.port', values: ['8080'] }] })]);
    expect(allowed(ip, { from: undefined, plaintext: true, ip: '192.0.2.9' })).toBe(true);
    expect(allowed(ip, { from: undefined, plaintext: true, ip: '198.51.100.1' })).toBe(false);
  });

  it('an unknown when key skips its rule for every action: a DENY gets narrower', () => {
    const e = engineOf([base(), authz('app', 'deny', { action: 'DENY', rules: [{ when: [{ key: 'request.nonsense', values: ['x'] }] }, { to: [{ operation: { paths: ['/admin'] } }] }] })]);
    expect(allowed(e, {})).toBe(true);
    expect(last(decide(e, req({ path: '/admin' })))).toMatchObject({ decision: 'DENY', rule: rule('app', 'deny', 1) });
    expect(last(decide(e, req({}))).detail?.notes).toContain('app/deny rule 0 skipped: unknown when key "request.nonsense" (b4)');
  });
});

describe('b3 mTLS-only fields with plaintext peers (ISTIO-SECURITY-2021-004)', () => {
  const permissive = () => [base(), namespace('outside'), app('outside', 'cron'), peerAuthn('app', 'permissive', { mtls: { mode: 'PERMISSIVE' } })];

  it('positive principals and namespaces never match a plaintext peer', () => {
    const e = engineOf([permissive(), allow({ from: [{ source: { principals: ['*'] } }, { source: { namespaces: ['*'] } }] })]);
    expect(allowed(e, {})).toBe(true);
    const d = decide(e, req({ from: 'outside/cron' }));
    expect(d.decision).toBe('DENY');
    expect(last(d).detail?.reason).toContain('(got a plaintext peer (no mTLS identity))');
  });

  it('their not forms always match: ALLOW from notNamespaces admits plaintext from that very namespace', () => {
    const e = engineOf([permissive(), allow({ from: [{ source: { notNamespaces: ['outside'] } }] })]);
    expect(last(decide(e, req({ from: 'outside/cron' })))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'allow', 0) });
    expect(allowed(e, { from: 'team-a/job' })).toBe(true);
    const deny = engineOf([permissive(), authz('app', 'deny-unknown', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/app/sa/client'] } }] }] })]);
    expect(last(decide(deny, req({ from: 'outside/cron' })))).toMatchObject({ decision: 'DENY', rule: rule('app', 'deny-unknown', 0) });
    expect(allowed(deny, {})).toBe(true);
  });
});
