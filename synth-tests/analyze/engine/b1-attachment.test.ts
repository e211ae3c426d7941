// SPDX-License-Identifier: Apache-2.0
/**
 * Semantics §b1: which policies apply to an enforcement point — root namespace and own
 * namespace, selector vs targetRefs, waypoints and Gateway API gateways.
 */
import { describe, expect, it } from 'vitest';
import { app, authz, chainOf, decide, engineOf, gateway, last, namespace, notesOf, rule, sidecarNamespace, waypoint } from './fixtures';

const CLIENT = 'cluster.local/ns/app/sa/client';
const base = () => [sidecarNamespace('app'), sidecarNamespace('other'), app('app', 'client'), app('app', 'server'), app('other', 'server')];
const allowClient = (ns: string, name: string, extra: Record<string, unknown> = {}) => authz(ns, name, { ...extra, rules: [{ from: [{ source: { principals: [CLIENT] } }] }] });

describe('b1.1 namespaces searched: root namespace and own namespace', () => {
  it('a root-namespace policy with a selector applies to workloads in every namespace', () => {
    const e = engineOf([base(), authz('istio-system', 'deny-server', { selector: { matchLabels: { app: 'server' } }, action: 'DENY', rules: [{}] })]);
    expect(chainOf(decide(e, { from: 'app/client', to: 'server.app:8080', method: 'GET', path: '/' }))).toEqual([
      { point: 'sidecar', decision: 'DENY', policy: 'istio-system/deny-server', rule: rule('istio-system', 'deny-server', 0) },
    ]);
    expect(decide(e, { from: 'app/client', to: 'server.other:8080' }).decision).toBe('DENY');
  });

  it('a root-namespace policy without a selector is mesh-wide; one in another namespace does not apply', () => {
    const e = engineOf([base(), allowClient('istio-system', 'mesh-allow'), authz('other', 'deny-all', { action: 'DENY', rules: [{}] })]);
    const d = decide(e, { from: 'app/client', to: 'server.app:8080' });
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW', policy: 'istio-system/mesh-allow', rule: rule('istio-system', 'mesh-allow', 0) }]);
    expect(last(decide(e, { from: 'app/client', to: 'server.other:8080' })).policy).toBe('other/deny-all');
  });
});

describe('b1.2 attachment of ordinary workloads: selector subset, targetRefs ignored', () => {
  it('applies when matchLabels is a subset of the pod labels, and an empty matchLabels matches everything', () => {
    const e = engineOf([base(), allowClient('app', 'only-server', { selector: { matchLabels: { app: 'server' } } })]);
    expect(last(decide(e, { from: 'other/server', to: 'server.app:8080' }))).toMatchObject({ decision: 'DENY' });
    expect(last(decide(e, { from: 'app/client', to: 'server.app:8080' }))).toMatchObject({ decision: 'ALLOW', rule: rule('app', 'only-server', 0) });
    const empty = engineOf([base(), allowClient('app', 'all-pods', { selector: { matchLabels: {} } })]);
    expect(last(decide(empty, { from: 'other/server', to: 'client.app:8080' }))).toMatchObject({ decision: 'DENY' });
  });

  it('does not apply when a selector label differs', () => {
    const e = engineOf([base(), allowClient('app', 'for-other', { selector: { matchLabels: { app: 'server', tier: 'db' } } })]);
    expect(chainOf(decide(e, { from: 'other/server', to: 'server.app:8080' }))).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
  });

  it('ignores a policy with targetRefs entirely on a sidecar workload', () => {
    const e = engineOf([base(), allowClient('app', 'by-service', { targetRefs: [{ group: '', kind: 'Service', name: 'server' }] })]);
    const d = decide(e, { from: 'other/server', to: 'server.app:8080' });
    expect(chainOf(d)).toEqual([{ point: 'sidecar', decision: 'ALLOW' }]);
    expect(notesOf(d)).toContain('app/by-service use targetRefs, which sidecars ignore (b1)');
  });
});

describe('b1.2 waypoints: targetRefs only', () => {
  const ambient = () => [
    namespace('amb', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), waypoint('amb'), app('amb', 'api'),
    sidecarNamespace('app'), app('app', 'client'), app('app', 'other'),
  ];

  it('a targetRefs Service policy applies at the waypoint; the ztunnel then sees the waypoint', () => {
    const e = engineOf([ambient(), allowClient('amb', 'api-l7', { targetRefs: [{ group: '', kind: 'Service', name: 'api' }] })]);
    expect(chainOf(decide(e, { from: 'app/client', to: 'api.amb:8080', method: 'GET', path: '/' }))).toEqual([
      { point: 'waypoint', decision: 'ALLOW', policy: 'amb/api-l7', rule: rule('amb', 'api-l7', 0) },
      { point: 'ztunnel', decision: 'ALLOW' },
    ]);
    expect(chainOf(decide(e, { from: 'app/other', to: 'api.amb:8080', method: 'GET', path: '/' }))).toEqual([{ point: 'waypoint', decision: 'DENY' }]);
  });

  it('a selector policy is ignored by the waypoint and enforced by the destination ztunnel', () => {
    const e = engineOf([ambient(), allowClient('amb', 'api-selector', { selector: { matchLabels: { app: 'api' } } })]);
    const d = decide(e, { from: 'app/client', to: 'api.amb:8080', method: 'GET', path: '/' });
    // the waypoint has no policy; the ztunnel sees the waypoint's identity, not the client's
    expect(chainOf(d)).toEqual([{ point: 'waypoint', decision: 'ALLOW' }, { point: 'ztunnel', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toContain('got cluster.local/ns/amb/sa/waypoint');
  });

  it('targetRefs the waypoint Gateway, or the istio-waypoint GatewayClass from the root namespace', () => {
    const byGateway = engineOf([ambient(), authz('amb', 'deny-post', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }], action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]);
    expect(chainOf(decide(byGateway, { from: 'app/client', to: 'api.amb:8080', method: 'POST', path: '/' }))).toEqual([
      { point: 'waypoint', decision: 'DENY', policy: 'amb/deny-post', rule: rule('amb', 'deny-post', 0) },
    ]);
    expect(decide(byGateway, { from: 'app/client', to: 'api.amb:8080', method: 'GET', path: '/' }).decision).toBe('ALLOW');
    const byClass = engineOf([ambient(), authz('istio-system', 'all-waypoints', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }], action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]);
    expect(last(decide(byClass, { from: 'app/client', to: 'api.amb:8080', method: 'POST', path: '/' })).policy).toBe('istio-system/all-waypoints');
    const classElsewhere = engineOf([ambient(), authz('amb', 'not-root', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }], action: 'DENY', rules: [{}] })]);
    expect(decide(classElsewhere, { from: 'app/client', to: 'api.amb:8080', method: 'POST', path: '/' }).decision).toBe('ALLOW');
  });

  it('a targetRef to another namespace never matches', () => {
    const e = engineOf([ambient(), authz('amb', 'cross', { targetRefs: [{ group: '', kind: 'Service', name: 'api', namespace: 'app' }], action: 'DENY', rules: [{}] })]);
    expect(decide(e, { from: 'app/client', to: 'api.amb:8080', method: 'GET', path: '/' }).decision).toBe('ALLOW');
  });
});

describe('b1.2 Gateway API gateways: targetRefs Gateway, else selectors', () => {
  const edge = () => [namespace('edge'), gateway('edge', 'web', 'istio', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] })];

  it('applies a targetRefs Gateway policy to the gateway Istio deploys as <name>-istio', () => {
    const e = engineOf([edge(), authz('edge', 'web-allow', { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]);
    expect(chainOf(decide(e, { plaintext: true, to: 'web-istio.edge:80', method: 'GET', path: '/' }))).toEqual([
      { point: 'gateway', decision: 'ALLOW', policy: 'edge/web-allow', rule: rule('edge', 'web-allow', 0) },
    ]);
    expect(decide(e, { plaintext: true, to: 'web-istio.edge:80', method: 'POST', path: '/' }).decision).toBe('DENY');
  });

  it('falls back to selector matching for policies without targetRefs', () => {
    const e = engineOf([edge(), authz('edge', 'by-label', { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'web' } }, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })]);
    expect(last(decide(e, { plaintext: true, to: 'web-istio.edge:80', method: 'GET', path: '/admin' })).rule).toBe(rule('edge', 'by-label', 0));
    expect(decide(e, { plaintext: true, to: 'web-istio.edge:80', method: 'GET', path: '/' }).decision).toBe('ALLOW');
  });
});
