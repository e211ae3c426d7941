// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b6: ambient mode — ztunnel alone, or the waypoint then the destination ztunnel that
 * sees the waypoint's identity; L7 attributes at ztunnel (ALLOW rule omitted, DENY stripped and
 * possibly a no-op); CUSTOM and AUDIT not enforced by ztunnel; STRICT as a ztunnel DENY.
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, last, namespace, notesOf, peerAuthn, rule, sidecarNamespace, waypoint } from './fixtures';

const CLIENT = 'cluster.local/ns/app/sa/client';
const WAYPOINT = 'cluster.local/ns/amb/sa/waypoint';
const l4 = () => [namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }), app('amb', 'db', { ports: [{ name: 'tcp-pg', port: 5432 }] }),
  sidecarNamespace('app'), app('app', 'client'), app('app', 'other'), namespace('team-ab'), app('team-ab', 'job', { labels: { 'istio.io/dataplane-mode': 'ambient' } })];
const sel = { selector: { matchLabels: { app: 'db' } } };
const DB = { to: 'db.amb:5432' } as const;

describe('b6 ztunnel without a waypoint', () => {
  it('enforces an L4 ALLOW at the destination ztunnel against the client identity', () => {
    const e = engineOf([l4(), authz('amb', 'db-allow', { ...sel, rules: [{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { ports: ['5432'] } }] }] })]);
    expect(chainOf(decide(e, { ...DB, from: 'app/client' }))).toEqual([{ point: 'ztunnel', decision: 'ALLOW', policy: 'amb/db-allow', rule: rule('amb', 'db-allow', 0) }]);
    expect(chainOf(decide(e, { ...DB, from: 'app/other' }))).toEqual([{ point: 'ztunnel', decision: 'DENY' }]);
  });

  it('omits an ALLOW rule with any L7 attribute (more restrictive)', () => {
    const e = engineOf([l4(), authz('amb', 'db-allow', { ...sel, rules: [{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { methods: ['GET'] } }] }] })]);
    const d = decide(e, { ...DB, from: 'app/client' });
    expect(chainOf(d)).toEqual([{ point: 'ztunnel', decision: 'DENY' }]);
    expect(notesOf(d)).toContain('amb/db-allow rule 0 omitted: ztunnel does not enforce L7 attributes (methods) and drops the ALLOW rule (b6)');
    expect(last(d).detail?.reason).toBe('ALLOW policies apply but none can match: every rule of amb/db-allow is dropped here');
  });

  it('strips L7 from a DENY: an L7-only DENY is a no-op, an L7 DENY with ports denies the port', () => {
    const noop = engineOf([l4(), authz('amb', 'no-delete', { ...sel, action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] })]);
    const d = decide(noop, { ...DB, from: 'app/client' });
    expect(chainOf(d)).toEqual([{ point: 'ztunnel', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('amb/no-delete rule 0: ztunnel strips the L7 attributes (methods), leaving a clause that never matches, so the rule is a no-op here (b6)');
    const ported = engineOf([l4(), authz('amb', 'no-delete', { ...sel, action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'], ports: ['5432'] } }] }] })]);
    expect(chainOf(decide(ported, { ...DB, from: 'app/client' }))).toEqual([{ point: 'ztunnel', decision: 'DENY', policy: 'amb/no-delete', rule: rule('amb', 'no-delete', 0) }]);
    const when = engineOf([l4(), authz('amb', 'no-header', { ...sel, action: 'DENY', rules: [{ from: [{ source: { principals: [CLIENT] } }], when: [{ key: 'request.headers[x-debug]', values: ['1'] }] }] })]);
    expect(decide(when, { ...DB, from: 'app/client' }).decision).toBe('ALLOW');
  });

  it('does not enforce CUSTOM or AUDIT (fail-open for CUSTOM)', () => {
    const e = engineOf([l4(), authz('amb', 'ext', { ...sel, action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] })], { customVerdict: 'DENY' });
    const d = decide(e, { ...DB, from: 'app/client' });
    expect(chainOf(d)).toEqual([{ point: 'ztunnel', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('amb/ext (CUSTOM) ignored: ztunnel does not support the action (b6)');
  });

  it('matches namespaces with plain string matches: `a*b` is literal at ztunnel, a glob in a sidecar', () => {
    const deny = (ns: string) => authz(ns, 'deny-ab', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['team*ab'] } }] }] });
    expect(decide(engineOf([l4(), deny('amb')]), { ...DB, from: 'team-ab/job' }).decision).toBe('ALLOW');
    expect(last(decide(engineOf([l4(), deny('app')]), { from: 'team-ab/job', to: 'client.app:8080', method: 'GET', path: '/' })).policy).toBe('app/deny-ab');
  });

  it('STRICT becomes a ztunnel DENY of connections without a peer identity', () => {
    const d = decide(engineOf([l4(), peerAuthn('istio-system', 'default', { mtls: { mode: 'STRICT' } })]), { ...DB, plaintext: true });
    expect(chainOf(d)).toEqual([{ point: 'ztunnel', decision: 'DENY', policy: 'istio-system/default' }]);
  });

  it('does not enforce targetRefs policies without a waypoint', () => {
    const d = decide(engineOf([l4(), authz('amb', 'l7', { targetRefs: [{ group: '', kind: 'Service', name: 'db' }], action: 'DENY', rules: [{}] })]), { ...DB, from: 'app/client' });
    expect(d.decision).toBe('ALLOW');
    expect(notesOf(d)).toContain('amb/l7 use targetRefs, which only a waypoint enforces; amb/db has none (b6)');
  });
});

describe('b6 waypoint then destination ztunnel (which sees the waypoint identity)', () => {
  const l7 = () => [namespace('amb', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), waypoint('amb'), app('amb', 'api'),
    sidecarNamespace('app'), app('app', 'client'), app('app', 'other'),
    authz('amb', 'api-l7', { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], rules: [{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { methods: ['GET'] } }] }] })];
  const GET = { from: 'app/client', to: 'api.amb:8080', method: 'GET', path: '/' } as const;

  it('a ztunnel ALLOW that admits only the waypoint passes waypoint traffic', () => {
    const e = engineOf([l7(), authz('amb', 'waypoint-only', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: [WAYPOINT] } }] }] })]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([
      { point: 'waypoint', decision: 'ALLOW', policy: 'amb/api-l7', rule: rule('amb', 'api-l7', 0) },
      { point: 'ztunnel', decision: 'ALLOW', policy: 'amb/waypoint-only', rule: rule('amb', 'waypoint-only', 0) },
    ]);
    expect(d.chain.map((s) => s.detail?.at)).toEqual(['amb/waypoint', 'amb/api']);
    expect(chainOf(decide(e, { ...GET, method: 'POST' }))).toEqual([{ point: 'waypoint', decision: 'DENY' }]);
  });

  it('a ztunnel ALLOW that admits the client but not the waypoint breaks waypoint traffic', () => {
    const e = engineOf([l7(), authz('amb', 'client-only', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: [CLIENT] } }] }] })]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([{ point: 'waypoint', decision: 'ALLOW', policy: 'amb/api-l7', rule: rule('amb', 'api-l7', 0) }, { point: 'ztunnel', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toBe(`no ALLOW policy matched; closest: amb/client-only rule 0 needs principals [${CLIENT}] (got ${WAYPOINT})`);
  });

  it('a plaintext peer is not redirected to the waypoint and meets the ztunnel directly', () => {
    const d = decide(engineOf([l7()]), { plaintext: true, to: 'api.amb:8080', method: 'GET', path: '/' });
    expect(chainOf(d)).toEqual([{ point: 'ztunnel', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('the plaintext peer does not go through waypoint amb/waypoint: only HBONE traffic is redirected to it (b6)');
  });

  it('a Service labelled istio.io/use-waypoint: none skips the namespace waypoint', () => {
    const e = engineOf([l7(), app('amb', 'direct', { serviceLabels: { 'istio.io/use-waypoint': 'none' } })]);
    expect(chainOf(decide(e, { from: 'app/client', to: 'direct.amb:8080' }))).toEqual([{ point: 'ztunnel', decision: 'ALLOW' }]);
  });
});
