// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b2: the decision at one enforcement point — CUSTOM → DENY → ALLOW, allow-nothing,
 * AUDIT and dry-run never deciding, the ext_authz verdict as an engine option.
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, last, meshConfig, notesOf, rule, sidecarNamespace } from './fixtures';

const CLIENT = 'cluster.local/ns/app/sa/client';
const base = () => [sidecarNamespace('app'), app('app', 'client'), app('app', 'server'), app('app', 'other')];
const GET = { from: 'app/client', to: 'server.app:8080', method: 'GET', path: '/orders' } as const;
const allowClient = authz('app', 'allow-client', { selector: { matchLabels: { app: 'server' } }, rules: [{ from: [{ source: { principals: [CLIENT] } }] }] });
const PROVIDERS = 'extensionProviders:\n  - name: opa\n    envoyExtAuthzGrpc:\n      service: opa.app.svc.cluster.local\n      port: 9191\n  - name: web\n    envoyExtAuthzHttp:\n      service: web.app.svc.cluster.local\n      port: 8000\n';
const custom = (name: string, provider: string, rules: unknown[] = [{ to: [{ operation: { paths: ['/orders'] } }] }], annotations?: Record<string, string>) =>
  authz('app', name, { selector: { matchLabels: { app: 'server' } }, action: 'CUSTOM', provider: { name: provider }, rules }, annotations);

describe('b2.2–3 DENY before ALLOW; no ALLOW policy means allow', () => {
  it('a matching DENY wins over a matching ALLOW', () => {
    const e = engineOf([base(), allowClient, authz('app', 'deny-orders', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/orders'] } }] }] })]);
    expect(chainOf(decide(e, GET))).toEqual([{ point: 'sidecar', decision: 'DENY', policy: 'app/deny-orders', rule: rule('app', 'deny-orders', 0) }]);
    expect(last(decide(e, { ...GET, path: '/cart' }))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'allow-client', 0) });
  });

  it('allows when no ALLOW policy is attached, without a deciding policy', () => {
    const e = engineOf([base()]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
    expect(last(d).detail?.reason).toBe('no ALLOW policy applies, so the request is allowed');
  });

  it('denies when ALLOW policies exist and none matches, naming the closest rule and its first mismatching field', () => {
    const e = engineOf([base(), authz('app', 'allow-gets', { rules: [
      { from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { methods: ['GET'], paths: ['/a'] } }] },
      { from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { methods: ['GET'] } }] },
    ] })]);
    const d = decide(e, { ...GET, method: 'DELETE' });
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toBe('no ALLOW policy matched; closest: app/allow-gets rule 1 needs methods [GET] (got DELETE)');
    expect(last(decide(e, GET)).rule).toBe(rule('app', 'allow-gets', 1));
  });

  it('allow-nothing (`spec: {}`) counts as attached and denies everything; `rules: [{}]` allows everything', () => {
    const nothing = engineOf([base(), authz('app', 'allow-nothing', {})]);
    const d = decide(nothing, GET);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toBe('ALLOW policies apply but none can match: app/allow-nothing has no rules (allow-nothing)');
    const all = engineOf([base(), authz('app', 'allow-nothing', {}), authz('app', 'allow-all', { rules: [{}] })]);
    expect(last(decide(all, GET))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'allow-all', 0) });
  });
});

describe('b2.1 CUSTOM: the external authorizer decides first and cannot bypass DENY or ALLOW', () => {
  it('customVerdict ALLOW (the default) lets evaluation continue and records the call', () => {
    const e = engineOf([base(), meshConfig(PROVIDERS), allowClient, custom('ext', 'opa')]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW', policy: 'app/allow-client', rule: rule('app', 'allow-client', 0) }]);
    expect(notesOf(d)).toContain('CUSTOM app/ext rule 0 matched: the external authorizer "opa" decides, assumed ALLOW (customVerdict)');
    // CUSTOM allowing does not bypass ALLOW: another caller is still denied
    expect(decide(e, { ...GET, from: 'app/other' }).decision).toBe('DENY');
  });

  it('customVerdict DENY denies with the CUSTOM rule; requests the CUSTOM rules do not match never call it', () => {
    const e = engineOf([base(), meshConfig(PROVIDERS), allowClient, custom('ext', 'opa')], { customVerdict: 'DENY' });
    expect(chainOf(decide(e, GET))).toEqual([{ point: 'sidecar', decision: 'DENY', policy: 'app/ext', rule: rule('app', 'ext', 0) }]);
    expect(decide(e, { ...GET, path: '/cart' }).decision).toBe('ALLOW');
  });

  it('fails closed when the provider is not in extensionProviders, or several providers apply', () => {
    const unknown = engineOf([base(), meshConfig(PROVIDERS), custom('ext', 'nope')]);
    expect(last(decide(unknown, GET))).toMatchObject({ decision: 'DENY', policy: 'app/ext', rule: rule('app', 'ext', 0) });
    expect(last(decide(unknown, GET)).detail?.reason).toContain('provider "nope" is not in MeshConfig extensionProviders');
    expect(decide(unknown, { ...GET, path: '/cart' }).decision).toBe('ALLOW');
    const two = engineOf([base(), meshConfig(PROVIDERS), custom('ext-a', 'opa'), custom('ext-b', 'web')]);
    expect(last(decide(two, GET)).detail?.reason).toContain('several ext_authz providers (opa, web)');
  });

  it('ignores a CUSTOM policy with an HTTP-only provider on a TCP port', () => {
    const e = engineOf([sidecarNamespace('app'), app('app', 'client'), app('app', 'db', { ports: [{ name: 'tcp', port: 5432 }] }), meshConfig(PROVIDERS),
      authz('app', 'ext', { action: 'CUSTOM', provider: { name: 'web' }, rules: [{ to: [{ operation: { ports: ['5432'] } }] }] })], { customVerdict: 'DENY' });
    const d = decide(e, { from: 'app/client', to: 'db.app:5432' });
    expect(d.decision).toBe('ALLOW');
    expect(notesOf(d)).toContain('app/ext (CUSTOM) ignored on this TCP port: provider "web" is an HTTP ext_authz service');
  });
});

describe('b2.4 AUDIT and dry-run never decide', () => {
  it('AUDIT only flags the request', () => {
    const e = engineOf([base(), authz('app', 'audit-all', { action: 'AUDIT', rules: [{}] })]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('AUDIT app/audit-all rule 0 matched: the request is flagged for audit (never decides)');
  });

  it('a dry-run DENY is recorded as what it would do, and does not deny', () => {
    const e = engineOf([base(), allowClient, authz('app', 'would-deny', { action: 'DENY', rules: [{}] }, { 'istio.io/dry-run': 'true' })]);
    const d = decide(e, GET);
    expect(last(d)).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'allow-client', 0) });
    expect(notesOf(d)).toContain('dry-run DENY app/would-deny rule 0 would deny (not enforced)');
  });

  it('a dry-run ALLOW does not make the workload default-deny', () => {
    const e = engineOf([base(), authz('app', 'shadow-allow', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/app/sa/nobody'] } }] }] }, { 'istio.io/dry-run': 'True' })]);
    const d = decide(e, GET);
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('dry-run ALLOW policies (app/shadow-allow) would deny: none matches (not enforced)');
  });

  it('an annotation value that does not parse as a bool means not dry-run', () => {
    const e = engineOf([base(), authz('app', 'deny-all', { action: 'DENY', rules: [{}] }, { 'istio.io/dry-run': 'yes' })]);
    expect(last(decide(e, GET))).toMatchObject({ decision: 'DENY', policy: 'app/deny-all' });
  });
});
