// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { synth as synthAmbient } from '../../examples/shop-ambient/main';
import { synth as synthProxyless } from '../../examples/shop-proxyless/main';
import type { Obj } from '../helpers';

function objectsOf(synth: (outdir: string) => unknown): Obj[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
  try {
    synth(dir);
    return fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Obj));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('examples/shop-ambient', () => {
  const objs = objectsOf(synthAmbient);
  const find = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('gives the HTTP services a waypoint each and keeps the database on ztunnel', () => {
    expect(objs.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name).sort()).toEqual(['cart-waypoint', 'frontend-waypoint', 'payments-waypoint']);
    expect(find('Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
  });

  it('enforces the same intent: GET /cart/* at the waypoint, the waypoint alone at ztunnel, tcp to db at ztunnel', () => {
    expect(find('AuthorizationPolicy', 'cart-allow').spec).toMatchObject({
      targetRefs: [{ group: '', kind: 'Service', name: 'cart' }],
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { methods: ['GET'], paths: ['/cart/*'] } }] }],
    });
    expect(find('AuthorizationPolicy', 'cart-ztunnel').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/shop/sa/cart-waypoint']);
    expect(find('AuthorizationPolicy', 'db-allow').spec).toMatchObject({ selector: { matchLabels: { app: 'db' } }, rules: [{ to: [{ operation: { ports: ['5432'] } }] }] });
  });
});

describe('examples/shop-proxyless', () => {
  const objs = objectsOf(synthProxyless);
  const find = (kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('runs cart and payments proxyless, with the grpc-agent template', () => {
    for (const svc of ['cart', 'payments']) {
      expect(find('Deployment', svc).spec.template.metadata.annotations).toMatchObject({ 'inject.istio.io/templates': 'grpc-agent' });
    }
    expect(find('Deployment', 'db').spec.template.metadata.annotations).toBeUndefined();
  });

  it('admits gRPC methods by path, with the client identities', () => {
    expect(find('AuthorizationPolicy', 'payments-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/shop-grpc/sa/cart'] } }],
      to: [{ operation: { methods: ['POST'], paths: ['/shop.Payments/Charge'] } }],
    }]);
  });
});
