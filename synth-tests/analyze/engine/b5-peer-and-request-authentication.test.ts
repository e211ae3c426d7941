// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b5: PeerAuthentication resolution (mesh → namespace → workload, port level by
 * container port, oldest wins, UNSET inherits) and RequestAuthentication (validated tokens,
 * 401 for a token no RequestAuthentication accepts, no identity without a token).
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, last, namespace, notesOf, peerAuthn, requestAuthn, rule, sidecarNamespace } from './fixtures';

const base = () => [sidecarNamespace('app'), namespace('outside'), app('outside', 'cron'), app('app', 'client'),
  app('app', 'server', { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'tcp-metrics', port: 9102 }] })];
const plain = { plaintext: true, ip: '10.9.8.7', to: 'server.app:80', method: 'GET', path: '/' } as const;
const strictMesh = peerAuthn('istio-system', 'default', { mtls: { mode: 'STRICT' } });

describe('b5 PeerAuthentication resolution', () => {
  it('mesh STRICT rejects a plaintext peer at the first hop, naming the PeerAuthentication', () => {
    const d = decide(engineOf([base(), strictMesh]), plain);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'DENY', policy: 'istio-system/default' }]);
    expect(last(d).detail?.reason).toBe('mTLS required: PeerAuthentication istio-system/default sets STRICT and the peer is plaintext (b5)');
  });

  it('a workload outside the mesh is a plaintext source', () => {
    const d = decide(engineOf([base(), strictMesh]), { from: 'outside/cron', to: 'server.app:80', method: 'GET', path: '/' });
    expect(last(d)).toMatchObject({ decision: 'DENY', policy: 'istio-system/default' });
    expect(decide(engineOf([base(), strictMesh]), { from: 'app/client', to: 'server.app:80', method: 'GET', path: '/' }).decision).toBe('ALLOW');
  });

  it('nothing set means PERMISSIVE; a namespace policy overrides the mesh; a workload policy overrides the namespace', () => {
    expect(decide(engineOf([base()]), plain).decision).toBe('ALLOW');
    expect(decide(engineOf([base(), strictMesh, peerAuthn('app', 'ns', { mtls: { mode: 'PERMISSIVE' } })]), plain).decision).toBe('ALLOW');
    const wl = engineOf([base(), strictMesh, peerAuthn('app', 'ns', { mtls: { mode: 'PERMISSIVE' } }), peerAuthn('app', 'server', { selector: { matchLabels: { app: 'server' } }, mtls: { mode: 'STRICT' } })]);
    expect(last(decide(wl, plain))).toMatchObject({ decision: 'DENY', policy: 'app/server' });
  });

  it('UNSET inherits; a selector policy in the root namespace is ignored; the oldest policy of a level wins', () => {
    expect(last(decide(engineOf([base(), strictMesh, peerAuthn('app', 'ns', { mtls: { mode: 'UNSET' } })]), plain)).policy).toBe('istio-system/default');
    expect(decide(engineOf([base(), peerAuthn('istio-system', 'sel', { selector: { matchLabels: { app: 'server' } }, mtls: { mode: 'STRICT' } })]), plain).decision).toBe('ALLOW');
    const older = engineOf([base(), peerAuthn('app', 'b-strict', { mtls: { mode: 'STRICT' } }, '2024-01-01T00:00:00Z'), peerAuthn('app', 'a-permissive', { mtls: { mode: 'PERMISSIVE' } }, '2025-01-01T00:00:00Z')]);
    expect(last(decide(older, plain))).toMatchObject({ decision: 'DENY', policy: 'app/b-strict' });
  });

  it('portLevelMtls is keyed by the container port and comes from the workload policy only', () => {
    const e = engineOf([base(), strictMesh, peerAuthn('app', 'metrics', { selector: { matchLabels: { app: 'server' } }, portLevelMtls: { 9102: { mode: 'PERMISSIVE' }, 8080: { mode: 'UNSET' } } })]);
    const metrics = decide(e, { plaintext: true, to: 'server.app:9102' });
    expect(chainOf(metrics)).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
    expect(notesOf(metrics)).toContain('the plaintext peer is accepted: mTLS is PERMISSIVE (PeerAuthentication app/metrics) (b5)');
    expect(last(decide(e, plain))).toMatchObject({ decision: 'DENY', policy: 'istio-system/default' });
    const nsLevel = engineOf([base(), strictMesh, peerAuthn('app', 'ns', { portLevelMtls: { 9102: { mode: 'PERMISSIVE' } } })]);
    expect(decide(nsLevel, { plaintext: true, to: 'server.app:9102' }).decision).toBe('DENY');
  });

  it('DISABLE hides the peer identity: principal rules no longer match', () => {
    const e = engineOf([base(), peerAuthn('app', 'off', { mtls: { mode: 'DISABLE' } }),
      authz('app', 'allow-client', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/app/sa/client'] } }] }] })]);
    const d = decide(e, { from: 'app/client', to: 'server.app:80', method: 'GET', path: '/' });
    expect(d.decision).toBe('DENY');
    expect(notesOf(d)).toContain('mTLS is DISABLE (PeerAuthentication app/off): the peer\'s identity is not seen (b5)');
  });
});

describe('b5 RequestAuthentication: validated tokens only', () => {
  const jwtRa = requestAuthn('app', 'jwt', { selector: { matchLabels: { app: 'server' } }, jwtRules: [{ issuer: 'https://idp.example.com', audiences: ['server'] }] });
  const needsUser = authz('app', 'need-user', { selector: { matchLabels: { app: 'server' } }, rules: [{ from: [{ source: { requestPrincipals: ['https://idp.example.com/*'] } }] }] });
  const ask = (jwt?: { iss: string; sub: string; aud?: string[] }) => ({ from: 'app/client', to: 'server.app:80', method: 'GET', path: '/', ...(jwt ? { jwt } : {}) });

  it('a token whose issuer and audience a RequestAuthentication accepts carries request.auth.* identity', () => {
    const d = decide(engineOf([base(), jwtRa, needsUser]), ask({ iss: 'https://idp.example.com', sub: 'alice', aud: ['server'] }));
    expect(last(d)).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'need-user', 0) });
    expect(notesOf(d)).toContain('the token is validated by app/jwt (issuer https://idp.example.com)');
  });

  it('a token from an issuer no RequestAuthentication here accepts is rejected with 401', () => {
    const d = decide(engineOf([base(), jwtRa]), ask({ iss: 'https://evil.example.com', sub: 'alice' }));
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'DENY', policy: 'app/jwt' }]);
    expect(last(d).detail?.reason).toBe('rejected with 401: no RequestAuthentication here accepts issuer https://evil.example.com (app/jwt accept https://idp.example.com)');
  });

  it('a token with none of the required audiences is rejected with 401', () => {
    const d = decide(engineOf([base(), jwtRa]), ask({ iss: 'https://idp.example.com', sub: 'alice', aud: ['web'] }));
    expect(last(d)).toMatchObject({ decision: 'DENY', policy: 'app/jwt' });
    expect(last(d).detail?.reason).toContain('audiences [web] are not accepted');
  });

  it('a request without a token passes authentication but has no request principal', () => {
    const d = decide(engineOf([base(), jwtRa, needsUser]), ask());
    expect(d.decision).toBe('DENY');
    expect(last(d).detail?.reason).toContain('needs requestPrincipals [https://idp.example.com/*] (got no validated token)');
  });

  it('without a RequestAuthentication at the point the token is not validated: no identity, no 401', () => {
    const d = decide(engineOf([base(), needsUser]), ask({ iss: 'https://idp.example.com', sub: 'alice' }));
    expect(d.decision).toBe('DENY');
    expect(notesOf(d)).toContain('no RequestAuthentication applies here: the token is not validated, so requestPrincipals and request.auth.* are absent');
  });
});
