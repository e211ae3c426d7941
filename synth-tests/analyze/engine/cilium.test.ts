// SPDX-License-Identifier: Apache-2.0
/**
 * The Cilium node proxy (shared-node data plane): CiliumNetworkPolicy ingress rules as
 * lib/compile/cilium renders them — service-account and namespace labels, toPorts, rules.http
 * regexes, default deny once a policy selects the endpoint, ingressDeny first.
 */
import { describe, expect, it } from 'vitest';
import { app, chainOf, decide, engineOf, last, namespace } from './fixtures';

const cnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: 'shop' }, spec });
const peer = (sa: string, ns = 'shop') => ({ matchLabels: { 'io.cilium.k8s.policy.serviceaccount': sa, 'k8s:io.kubernetes.pod.namespace': ns } });
const base = () => [namespace('shop'), namespace('ops'), app('shop', 'cart'), app('shop', 'frontend'), app('ops', 'frontend'),
  app('shop', 'db', { ports: [{ name: 'tcp-pg', port: 5432 }], containerPorts: [{ name: 'pg', containerPort: 5432 }] })];
const cartPolicy = cnp('cart', {
  endpointSelector: { matchLabels: { app: 'cart' } },
  enableDefaultDeny: { ingress: true, egress: true },
  ingress: [
    { fromEndpoints: [peer('frontend')], authentication: { mode: 'required' }, toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: '^GET$', path: '^/cart/.*$' }] } }] },
    { fromCIDR: ['203.0.113.0/24'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
  ],
  ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'frontend', 'k8s:io.kubernetes.pod.namespace': 'ops' } }] }],
});

describe('Cilium node proxy', () => {
  const e = engineOf([base(), cartPolicy, cnp('db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'cart' } }], toPorts: [{ ports: [{ port: 'pg', protocol: 'TCP' }] }] }] })]);

  it('allows the selected service account on the port with a matching HTTP rule', () => {
    expect(chainOf(decide(e, { from: 'shop/frontend', to: 'cart.shop:8080', method: 'GET', path: '/cart/1?x=1' }))).toEqual([
      { point: 'cilium', decision: 'ALLOW', policy: 'shop/cart', rule: 'ns[shop]-policy[cart]-ingress[0]' },
    ]);
  });

  it('denies by default once a policy selects the endpoint, naming the closest rule', () => {
    const d = decide(e, { from: 'shop/frontend', to: 'cart.shop:8080', method: 'POST', path: '/cart/1' });
    expect(chainOf(d)).toEqual([{ point: 'cilium', decision: 'DENY' }]);
    expect(last(d).detail?.reason).toBe('ingress is default-deny and no ingress rule matched; closest: shop/cart ingress 0 needs rules.http ^GET$ ^/cart/.*$ (got POST /cart/1)');
    expect(decide(e, { from: 'shop/cart', to: 'cart.shop:8080', method: 'GET', path: '/cart/1' }).decision).toBe('DENY');
    expect(decide(e, { from: 'shop/frontend', to: 'cart.shop:8080' }).decision).toBe('DENY');
  });

  it('applies ingressDeny first', () => {
    expect(chainOf(decide(e, { from: 'ops/frontend', to: 'cart.shop:8080', method: 'GET', path: '/cart/1' }))).toEqual([
      { point: 'cilium', decision: 'DENY', policy: 'shop/cart', rule: 'ns[shop]-policy[cart]-ingressDeny[0]' },
    ]);
  });

  it('admits outside peers by fromCIDR, never by fromEndpoints, and requires an identity for authentication', () => {
    expect(last(decide(e, { plaintext: true, ip: '203.0.113.5', to: 'cart.shop:8080', method: 'GET', path: '/' })).rule).toBe('ns[shop]-policy[cart]-ingress[1]');
    expect(decide(e, { plaintext: true, ip: '198.51.100.5', to: 'cart.shop:8080', method: 'GET', path: '/cart/1' }).decision).toBe('DENY');
  });

  it('confines a peer selector without a namespace to the policy namespace, and matches named ports', () => {
    expect(last(decide(e, { from: 'shop/cart', to: 'db.shop:5432' })).rule).toBe('ns[shop]-policy[db]-ingress[0]');
    expect(decide(e, { from: 'shop/frontend', to: 'db.shop:5432' }).decision).toBe('DENY');
  });
});
