// SPDX-License-Identifier: Apache-2.0
/**
 * The access matrix over hand-written Istio YAML: the engine's fixtures
 * (synth-tests/analyze/yaml) and this folder's. Each expectation cites the semantics section
 * the engine applies; the matrix only picks the probes.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthorizationEngine } from '../../../lib/analyze/authz/engine';
import { accessMatrix } from '../../../lib/analyze/authz/matrix';
import { ENGINE_YAML, FIXTURES, cellLines, inventoryOfYaml, matrixOf } from './matrix-helpers';

describe('access matrix of the engine fixtures (synth-tests/analyze/yaml)', () => {
  const matrix = matrixOf([ENGINE_YAML]);
  const lines = cellLines(matrix);
  const to = (service: string) => lines.filter((l) => l.includes(` -> ${service}:`));

  it('frontend reaches cart with the path templates of cart-allow, each method', () => {
    expect(to('cart.shop').filter((l) => l.startsWith('cluster.local/ns/shop/sa/frontend'))).toEqual([
      'cluster.local/ns/shop/sa/frontend -> cart.shop:8080 conditional: DELETE /cart/{*}; DELETE /cart/{*}/items/{**}; '
        + 'GET /cart/{*}; GET /cart/{*}/items/{**}; POST /cart/{*}; POST /cart/{*}/items/{**}',
    ]);
  });

  it('the metrics port: reports over mTLS, the scraper range in plaintext (port-level PERMISSIVE, §b5)', () => {
    expect(to('cart.shop')).toContain('cluster.local/ns/legacy/sa/reports -> cart.shop:9102 always: any request');
    expect(to('cart.shop')).toContain('plaintext -> cart.shop:9102 conditional: any request from 10.20.0.0/16');
    expect(to('cart.shop').filter((l) => l.startsWith('plaintext') && l.includes(':8080'))).toEqual([]);
  });

  it('cache: frontend over TCP; cart gets nothing, its rule mixes an HTTP operation (§b4, istio/istio#37920)', () => {
    expect(to('cache.shop')).toEqual(['cluster.local/ns/shop/sa/frontend -> cache.shop:6379 always: any request']);
  });

  it('legacy reports: notNamespaces admits any peer and plaintext peers (§b3, ISTIO-SECURITY-2021-004)', () => {
    expect(to('reports.legacy')).toEqual([
      '* -> reports.legacy:8080 conditional: GET any path',
      'plaintext -> reports.legacy:8080 conditional: GET any path',
    ]);
  });

  it('payments through its waypoint: the L7 rules with the end-user token (§b6)', () => {
    expect(to('payments.payments').filter((l) => l.startsWith('cluster.local/ns/shop/sa/cart'))).toEqual([
      'cluster.local/ns/shop/sa/cart -> payments.payments:443 conditional: GET /status; POST /charge with jwt iss=https://idp.example.com scope=charge',
    ]);
  });

  it('ledger on ztunnel: payments over TCP; the L7 rule for cart is omitted (§b6)', () => {
    expect(to('ledger.payments')).toEqual(['cluster.local/ns/payments/sa/payments -> ledger.payments:5432 always: any request']);
  });

  it('lists sources with the workloads that run as them', () => {
    expect(matrix.sources).toContainEqual({ principal: 'cluster.local/ns/shop/sa/cart', workloads: ['shop/cart'] });
    expect(matrix.sources).toContainEqual({ principal: 'cluster.local/ns/payments/sa/waypoint', workloads: ['payments/waypoint'] });
    expect(matrix.sources.map((s) => s.principal)).toEqual([...matrix.sources.map((s) => s.principal)].sort());
  });
});

describe('access matrix of this folder\'s fixtures', () => {
  it('no ALLOW policy and PERMISSIVE mTLS: every peer reaches every port (§b2, §b5)', () => {
    expect(cellLines(matrixOf([path.join(FIXTURES, 'open-mesh.yaml')]))).toEqual([
      '* -> api.open:80 always: any request',
      '* -> api.open:9000 always: any request',
      'plaintext -> api.open:80 always: any request',
      'plaintext -> api.open:9000 always: any request',
    ]);
  });

  const corp = matrixOf([path.join(FIXTURES, 'corp.yaml')]);
  const lines = cellLines(corp);

  it('a grant without L7 constraints, narrowed by an L7 DENY (§b2: DENY before ALLOW)', () => {
    expect(lines).toContain('cluster.local/ns/corp/sa/web -> api.corp:8080 conditional: any request except any method /admin/*');
  });

  it('a namespace source is one row: any identity in the namespace, with its workloads', () => {
    expect(lines).toContain('cluster.local/ns/ops/sa/* -> api.corp:8080 conditional: GET /status');
    expect(corp.sources).toContainEqual({ principal: 'cluster.local/ns/ops/sa/*', workloads: ['ops/debug'] });
  });

  it('a dry-run ALLOW grants nothing (§b2)', () => {
    expect(lines.filter((l) => l.startsWith('cluster.local/ns/ops/sa/debug'))).toEqual([]);
  });

  it('TCP: the ports-only rule grants always, the rule with methods is dropped (§b4)', () => {
    expect(lines.filter((l) => l.includes('-> db.corp'))).toEqual(['cluster.local/ns/corp/sa/api -> db.corp:5432 always: any request']);
  });

  it('a JWT with an issuer and a claim', () => {
    expect(lines.filter((l) => l.includes('-> billing.corp'))).toEqual([
      'cluster.local/ns/corp/sa/web -> billing.corp:9000 conditional: POST /invoices with jwt iss=https://idp.corp.example scope=billing',
    ]);
  });

  it('names the granting rules', () => {
    const cell = corp.cells.find((c) => c.destination.service === 'billing');
    expect(cell?.rules).toEqual(['ns[corp]-policy[billing-allow]-rule[0]']);
  });

  it('sorts cells by source, then destination', () => {
    const keys = corp.cells.map((c) => `${c.source}\u0000${c.destination.namespace}\u0000${c.destination.service}\u0000${String(c.destination.port).padStart(5, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('access matrix of Cilium policies and odd YAML', () => {
  it('Cilium node proxy: a peer selected by pod labels, an L7 regex read back as a path prefix', () => {
    expect(cellLines(matrixOf([path.join(FIXTURES, 'node.yaml')]))).toEqual(['cluster.local/ns/node/sa/client -> api.node:80 conditional: GET /v1/*']);
  });

  it('reads malformed rules and values without throwing; a suffix-pattern source is a row of its own', () => {
    const matrix = matrixOf([path.join(FIXTURES, 'odd.yaml')]);
    expect(cellLines(matrix)).toContain('*/sa/reader -> store.odd:8080 conditional: GET any path');
    expect(matrix.sources).toContainEqual({ principal: '*/sa/reader', workloads: ['odd/reader'] });
    expect(matrix.destinations.map((d) => `${d.service}:${d.port}`)).toEqual(['store:8080']);
  });
});

describe('asking the engine', () => {
  const mesh = (deny: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: inv, labels: { istio-injection: enabled } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: items, namespace: inv }
spec:
  selector: { matchLabels: { app: items } }
  template:
    metadata: { labels: { app: items } }
    spec: { serviceAccountName: items, containers: [{ name: items, image: registry.example/items:1 }] }
---
apiVersion: v1
kind: Service
metadata: { name: items, namespace: inv }
spec: { selector: { app: items }, ports: [{ name: http, port: 8080 }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: allow-nothing, namespace: inv }
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: items-allow, namespace: inv }
spec:
  selector: { matchLabels: { app: items } }
  rules:
    - from: [{ source: { principals: ["cluster.local/ns/inv/sa/web"] } }]
      to: [{ operation: { methods: ["GET", "DELETE"], paths: ["/items/*", "/carts/*"] } }]
${deny}`;

  function counted(yaml: string): { lines: string[]; decisions: number } {
    const inventory = inventoryOfYaml(yaml);
    const engine = AuthorizationEngine.fromInventory(inventory);
    let decisions = 0;
    const matrix = accessMatrix({ decide: (r) => (decisions++, engine.decide(r)) }, inventory);
    return { lines: cellLines(matrix), decisions };
  }

  it('a rule alternative allowed by that rule proves its other methods and paths: one decision', () => {
    const { lines, decisions } = counted(mesh(''));
    expect(lines).toEqual(['cluster.local/ns/inv/sa/web -> items.inv:8080 conditional: DELETE /carts/*; DELETE /items/*; GET /carts/*; GET /items/*']);
    expect(decisions).toBe(1);
  });

  it('but not past a DENY that tells them apart (§b2): each request is asked', () => {
    const deny = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: items-no-delete, namespace: inv }
spec:
  selector: { matchLabels: { app: items } }
  action: DENY
  rules: [{ to: [{ operation: { methods: ["DELETE"], paths: ["/items/*"] } }] }]
`;
    const { lines, decisions } = counted(mesh(deny));
    expect(lines).toEqual(['cluster.local/ns/inv/sa/web -> items.inv:8080 conditional: DELETE /carts/*; GET /carts/*; GET /items/*']);
    expect(decisions).toBeGreaterThan(1);
  });
});
