// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ShopChart, synth } from '../../examples/shop/main';
import type { Obj } from '../helpers';

describe('examples/shop', () => {
  const objs = Testing.synth(new ShopChart(Testing.app(), 'shop')) as Obj[];
  const policy = (name: string) => objs.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === name)!;

  it('has the workloads, the mesh-wide mTLS and the default deny', () => {
    const names = (kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    for (const kind of ['Deployment', 'Service', 'ServiceAccount']) expect(names(kind)).toEqual(['cart', 'db', 'frontend', 'payments']);
    expect(names('PeerAuthentication')).toEqual(['default']);
    // one allow-nothing per namespace (shop, and shop-edge of the storefront gateway)
    expect(names('AuthorizationPolicy')).toEqual(['allow-nothing', 'allow-nothing', 'cart-allow', 'db-allow', 'frontend-allow', 'payments-allow', 'storefront-allow']);
    // high risk: every service is also segmented at L3 (SP 800-204 MS-SS-13)
    expect(names('NetworkPolicy')).toEqual(['cart', 'db', 'frontend', 'payments']);
  });

  it('admits at L3 exactly the callers the identity tier admits, on their container ports', () => {
    const from = (name: string) => objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name)!.spec.ingress;
    const caller = (app: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app } } });
    expect(from('cart')).toEqual([{ from: [caller('frontend')], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(from('payments')).toEqual([{ from: [caller('cart')], ports: [{ port: 8443, protocol: 'TCP' }] }]);
    expect(from('db')).toEqual([{ from: [caller('cart')], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    // the frontend: only the storefront gateway's pods (Istio labels them with the Gateway's name)
    expect(from('frontend')).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop-edge' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'storefront' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  it('opens exactly the three declared paths', () => {
    expect(policy('cart-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }],
      to: [{ operation: { methods: ['GET'], paths: ['/cart/*'] } }],
    }]);
    expect(policy('payments-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }],
      to: [{ operation: { methods: ['POST'], paths: ['/charge'] } }],
    }]);
    expect(policy('db-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }],
      to: [{ operation: { ports: ['5432'] } }],
    }]);
  });

  it('writes the same YAML on every synth', () => {
    const read = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
      synth(dir);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
      const text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
      fs.rmSync(dir, { recursive: true, force: true });
      return text;
    };
    const first = read();
    expect(parseAllDocuments(first).length).toBe(objs.length);
    expect(read()).toBe(first);
  });
});
