// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b7: proxyless gRPC — only DENY then ALLOW, allow-nothing does not deny, JWT
 * matchers never match, CUSTOM and AUDIT dropped, PeerAuthentication STRICT or DISABLE only.
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, last, namespace, notesOf, peerAuthn, requestAuthn, rule, sidecarNamespace } from './fixtures';

const CLIENT = 'cluster.local/ns/app/sa/client';
const grpc = { annotations: { 'inject.istio.io/templates': 'grpc-agent' }, ports: [{ name: 'grpc', port: 9090 }] };
const base = () => [sidecarNamespace('app'), app('app', 'client'), app('app', 'other'), app('app', 'reco', grpc), peerAuthn('istio-system', 'default', { mtls: { mode: 'STRICT' } })];
const CALL = { from: 'app/client', to: 'reco.app:9090', method: 'POST', path: '/shop.Reco/Get' } as const;

describe('b7 proxyless gRPC', () => {
  it('is a proxyless enforcement point that enforces ALLOW rules on principals and paths', () => {
    const e = engineOf([base(), authz('app', 'reco-allow', { selector: { matchLabels: { app: 'reco' } }, rules: [{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { paths: ['/shop.Reco/*'] } }] }] })]);
    expect(chainOf(decide(e, CALL))).toEqual([{ point: 'proxyless', decision: 'ALLOW', policy: 'app/reco-allow', rule: rule('app', 'reco-allow', 0) }]);
    expect(chainOf(decide(e, { ...CALL, from: 'app/other' }))).toEqual([{ point: 'proxyless', decision: 'DENY' }]);
  });

  it('an ALLOW without rules adds no filter, so allow-nothing does not deny', () => {
    const d = decide(engineOf([base(), authz('app', 'allow-nothing', {})]), CALL);
    expect(chainOf(d)).toEqual([{ point: 'proxyless', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('app/allow-nothing has no rules: proxyless gRPC adds no filter for it, so it does not deny (b7)');
  });

  it('JWT matchers never match: ALLOW requestPrincipals never allows, DENY notRequestPrincipals ["*"] denies everything', () => {
    const ra = requestAuthn('app', 'jwt', { jwtRules: [{ issuer: 'idp' }] });
    const jwt = { iss: 'idp', sub: 'alice' };
    const allowUser = engineOf([base(), ra, authz('app', 'need-user', { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] })]);
    const d = decide(allowUser, { ...CALL, jwt });
    expect(d.decision).toBe('DENY');
    expect(last(d).detail?.reason).toContain('(got proxyless gRPC, where JWT matchers never match)');
    const denyAnon = engineOf([base(), ra, authz('app', 'deny-anon', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] })]);
    expect(last(decide(denyAnon, { ...CALL, jwt }))).toMatchObject({ decision: 'DENY', rule: rule('app', 'deny-anon', 0) });
  });

  it('drops CUSTOM and AUDIT', () => {
    const d = decide(engineOf([base(), authz('app', 'ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] })], { customVerdict: 'DENY' }), CALL);
    expect(chainOf(d)).toEqual([{ point: 'proxyless', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('app/ext (CUSTOM) ignored: proxyless gRPC drops it (b7)');
  });

  it('PERMISSIVE acts as DISABLE: the peer identity is not seen; STRICT rejects plaintext', () => {
    const e = engineOf([base(), peerAuthn('app', 'permissive', { mtls: { mode: 'PERMISSIVE' } }), authz('app', 'reco-allow', { rules: [{ from: [{ source: { principals: [CLIENT] } }] }] })]);
    expect(decide(e, CALL).decision).toBe('DENY');
    expect(last(decide(engineOf([base()]), { ...CALL, from: undefined, plaintext: true }))).toMatchObject({ decision: 'DENY', policy: 'istio-system/default' });
  });

  it('transports that do not meet: an ambient caller\'s HBONE never reaches a proxyless server; a proxyless caller is plaintext to ztunnel', () => {
    const objs = [base(), namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }), app('amb', 'api'), authz('app', 'reco-allow', { rules: [{}] })];
    const e = engineOf(objs);
    const d = decide(e, { ...CALL, from: 'amb/api' });
    expect(chainOf(d)).toEqual([{ point: 'proxyless', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toBe('the caller\'s ztunnel sends HBONE, which a proxyless gRPC server cannot terminate: the connection fails');
    const back = decide(e, { from: 'app/reco', to: 'api.amb:8080', method: 'GET', path: '/' });
    expect(chainOf(back)).toEqual([{ point: 'ztunnel', decision: 'DENY', policy: 'istio-system/default' }]);
    expect(notesOf(back)).toContain('the proxyless gRPC caller opens Istio mTLS to the pod directly, not HBONE: ztunnel sees no peer identity and no waypoint is involved');
  });
});
