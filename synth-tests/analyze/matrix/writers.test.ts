// SPDX-License-Identifier: Apache-2.0
/** The matrix writers over a hand-built matrix: table, CSV, JSON and Markdown. */
import { describe, expect, it } from 'vitest';
import { describeSource, writeMatrix, writeMatrixCsv, writeMatrixJson, writeMatrixMarkdown, writeMatrixTable } from '../../../lib/analyze/authz/matrix-writers';
import type { AccessMatrix } from '../../../lib/analyze/authz/types';

const CART = { service: 'cart', namespace: 'shop', port: 8080, protocol: 'http' };
const DB = { service: 'db', namespace: 'shop', port: 5432, protocol: 'tcp' };
const LEDGER = { service: 'ledger', namespace: 'payments', port: 5432, protocol: 'tcp' };

const MATRIX: AccessMatrix = {
  sources: [
    { principal: '*', workloads: [] },
    { principal: 'cluster.local/ns/shop/sa/cart', workloads: ['shop/cart'] },
    { principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['shop/frontend'] },
    { principal: 'plaintext', workloads: [] },
  ],
  destinations: [CART, DB, LEDGER],
  cells: [
    { source: 'cluster.local/ns/shop/sa/cart', destination: DB, access: 'always', conditions: ['any request'], rules: ['ns[shop]-policy[db-allow]-rule[0]'] },
    {
      source: 'cluster.local/ns/shop/sa/frontend', destination: CART, access: 'conditional',
      conditions: ['GET /cart/*', 'POST /cart/{*}/items, with "jwt" | x'], rules: ['ns[shop]-policy[cart-allow]-rule[0]', 'ns[shop]-policy[cart-allow]-rule[1]'],
    },
  ],
};

describe('matrix writers', () => {
  it('table: aligned columns, workloads for sources, then a summary', () => {
    expect(writeMatrixTable(MATRIX)).toBe([
      'SOURCE         DESTINATION          ACCESS       CONDITIONS',
      'shop/cart      db.shop:5432/tcp     always       any request',
      'shop/frontend  cart.shop:8080/http  conditional  GET /cart/*; POST /cart/{*}/items, with "jwt" | x',
      '',
      '2 cells (1 always, 1 conditional); 2 of 3 destination ports reachable; 4 sources',
      '',
    ].join('\n'));
    expect(writeMatrixTable({ ...MATRIX, cells: [] })).toContain('no source can reach any destination');
  });

  it('csv: a header and one quoted-when-needed row per cell', () => {
    expect(writeMatrixCsv(MATRIX).split('\n')).toEqual([
      'source,workloads,namespace,service,port,protocol,access,conditions,rules',
      'cluster.local/ns/shop/sa/cart,shop/cart,shop,db,5432,tcp,always,any request,ns[shop]-policy[db-allow]-rule[0]',
      'cluster.local/ns/shop/sa/frontend,shop/frontend,shop,cart,8080,http,conditional,"GET /cart/*; POST /cart/{*}/items, with ""jwt"" | x",ns[shop]-policy[cart-allow]-rule[0]; ns[shop]-policy[cart-allow]-rule[1]',
      '',
    ]);
  });

  it('json: the matrix itself, keys in a fixed order', () => {
    const parsed = JSON.parse(writeMatrixJson(MATRIX));
    expect(parsed).toEqual(MATRIX);
    expect(Object.keys(parsed)).toEqual(['sources', 'destinations', 'cells']);
    expect(Object.keys(parsed.cells[0])).toEqual(['source', 'destination', 'access', 'conditions', 'rules']);
  });

  it('markdown: a table per destination namespace, pipes escaped, unreachable ports listed', () => {
    const text = writeMatrixMarkdown(MATRIX);
    expect(text).toContain('## shop\n\n| Destination | Protocol | Source | Access | Conditions |');
    expect(text).toContain('| cart:8080 | http | shop/frontend (`cluster.local/ns/shop/sa/frontend`) | conditional | GET /cart/*<br>POST /cart/{*}/items, with "jwt" \\| x |');
    expect(text).toContain('## payments\n\nReachable by no source: ledger:5432.');
    expect(text.indexOf('## payments')).toBeLessThan(text.indexOf('## shop'));
  });

  it('writeMatrix dispatches on the format', () => {
    expect(writeMatrix(MATRIX, 'csv')).toBe(writeMatrixCsv(MATRIX));
    expect(writeMatrix(MATRIX, 'table')).toBe(writeMatrixTable(MATRIX));
  });

  it('describes sources in words', () => {
    expect(describeSource('*')).toBe('any authenticated peer');
    expect(describeSource('plaintext')).toBe('plaintext peers');
    expect(describeSource('cluster.local/ns/ops/sa/*', ['ops/a'])).toBe('any identity in namespace ops');
    expect(describeSource('cluster.local/ns/shop/sa/cart', ['shop/cart', 'shop/cart-canary'])).toBe('shop/cart, shop/cart-canary');
    expect(describeSource('cluster.local/ns/shop/sa/none')).toBe('cluster.local/ns/shop/sa/none');
  });
});
