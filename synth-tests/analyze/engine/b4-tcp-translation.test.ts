// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b4: on a TCP filter chain, HTTP-only attributes drop a whole ALLOW rule and only
 * widen a DENY; unparseable values do the same on any chain; the port's protocol comes from the
 * Service port (`appProtocol` or name prefix).
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, last, notesOf, rule, sidecarNamespace } from './fixtures';

const CLIENT = 'cluster.local/ns/app/sa/client';
const base = () => [sidecarNamespace('app'), app('app', 'client'), app('app', 'other'),
  app('app', 'server', { ports: [{ name: 'http', port: 18080 }, { name: 'tcp-a', port: 17070 }, { name: 'tcp-b', port: 19090 }, { name: 'legacy', port: 8080, appProtocol: 'tcp' }, { name: 'unnamed', port: 7000 }] })];
const sel = { selector: { matchLabels: { app: 'server' } } };

describe('b4 ALLOW on a TCP port: an HTTP-only field drops the whole rule, other alternatives included (istio/istio#37920)', () => {
  const e = engineOf([base(), authz('app', 'mixed', { ...sel, rules: [
    { from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { ports: ['18080'], paths: ['/allow'] } }, { operation: { ports: ['17070'], paths: ['/x'] } }, { operation: { ports: ['19090'] } }] },
    { from: [{ source: { principals: ['cluster.local/ns/app/sa/other'] } }], to: [{ operation: { ports: ['19090'] } }] },
  ] })]);

  it('blocks the TCP port the rule also names', () => {
    const d = decide(e, { from: 'app/client', to: 'server.app:19090' });
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'DENY' }]);
    expect(notesOf(d)).toContain('app/mixed rule 0 dropped on this TCP port: paths is HTTP only (b4)');
  });

  it('keeps the rule on the HTTP port, and a TCP-only rule on the TCP port', () => {
    expect(last(decide(e, { from: 'app/client', to: 'server.app:18080', method: 'GET', path: '/allow' }))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'mixed', 0) });
    expect(last(decide(e, { from: 'app/other', to: 'server.app:19090' }))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'mixed', 1) });
  });

  it('denies all TCP when every ALLOW rule is dropped (the inert filter remains)', () => {
    const only = engineOf([base(), authz('app', 'http-only', { ...sel, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]);
    expect(last(decide(only, { from: 'app/client', to: 'server.app:19090' })).detail?.reason).toBe('ALLOW policies apply but none can match: every rule of app/http-only is dropped here');
  });
});

describe('b4 DENY on a TCP port: only the offending field goes, the rule gets wider', () => {
  it('a DENY of HTTP fields only denies everything on TCP ports, and only matching requests on HTTP ports', () => {
    const e = engineOf([base(), authz('app', 'no-post', { ...sel, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]);
    expect(chainOf(decide(e, { from: 'app/client', to: 'server.app:19090' }))).toEqual([{ point: 'sidecar', decision: 'DENY', policy: 'app/no-post', rule: rule('app', 'no-post', 0) }]);
    expect(decide(e, { from: 'app/client', to: 'server.app:18080', method: 'GET', path: '/' }).decision).toBe('ALLOW');
    expect(decide(e, { from: 'app/client', to: 'server.app:18080', method: 'POST', path: '/' }).decision).toBe('DENY');
  });

  it('DENY {methods: [POST], ports: [8080]} denies all TCP on 8080 and nothing on other TCP ports', () => {
    const e = engineOf([base(), authz('app', 'no-post-8080', { ...sel, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'], ports: ['8080'] } }] }] })]);
    expect(last(decide(e, { from: 'app/client', to: 'server.app:8080' }))).toMatchObject({ decision: 'DENY', rule: rule('app', 'no-post-8080', 0) });
    expect(decide(e, { from: 'app/client', to: 'server.app:19090' }).decision).toBe('ALLOW');
  });

  it('DENY from notRequestPrincipals ["*"] denies all TCP traffic to the workload', () => {
    const e = engineOf([base(), authz('app', 'require-jwt', { ...sel, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] })]);
    expect(last(decide(e, { from: 'app/client', to: 'server.app:17070' }))).toMatchObject({ decision: 'DENY', rule: rule('app', 'require-jwt', 0) });
  });
});

describe('b4 values that do not parse: ALLOW drops the rule, DENY ignores the value', () => {
  it('a bad port in an ALLOW drops the rule even on an HTTP port', () => {
    const e = engineOf([base(), authz('app', 'bad', { ...sel, rules: [{ to: [{ operation: { ports: ['18080', 'http'] } }] }, { from: [{ source: { principals: ['cluster.local/ns/app/sa/other'] } }] }] })]);
    const d = decide(e, { from: 'app/client', to: 'server.app:18080', method: 'GET', path: '/' });
    expect(d.decision).toBe('DENY');
    expect(notesOf(d)).toContain('app/bad rule 0 dropped: ports has values that do not parse (http) (b4)');
  });

  it('a bad IP in a DENY is ignored, which widens the rule', () => {
    const e = engineOf([base(), authz('app', 'deny-range', { ...sel, action: 'DENY', rules: [{ from: [{ source: { ipBlocks: ['not-an-ip'] } }] }] })]);
    expect(last(decide(e, { from: 'app/client', to: 'server.app:18080', method: 'GET', path: '/' }))).toMatchObject({ decision: 'DENY', rule: rule('app', 'deny-range', 0) });
  });
});

describe('b4 the port protocol comes from the Service port', () => {
  const e = engineOf([base(), authz('app', 'gets', { ...sel, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]);

  it('an HTTP request to a TCP port (appProtocol tcp) is evaluated as TCP', () => {
    const d = decide(e, { from: 'app/client', to: 'server.app:8080', method: 'GET', path: '/' });
    expect(d.decision).toBe('DENY');
    expect(notesOf(d)).toContain('port 8080 is TCP: the HTTP request is evaluated as a TCP connection (b4)');
  });

  it('a port without protocol is sniffed: HTTP requests are HTTP', () => {
    const d = decide(e, { from: 'app/client', to: 'server.app:7000', method: 'GET', path: '/' });
    expect(last(d)).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'gets', 0) });
    expect(notesOf(d)).toContain('port 7000 declares no protocol: Istio sniffs it, evaluated as HTTP');
  });
});
