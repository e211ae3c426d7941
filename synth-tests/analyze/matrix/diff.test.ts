// SPDX-License-Identifier: Apache-2.0
/**
 * The access diff over hand-built matrices: granted, revoked, widened and narrowed, the words
 * of each summary, and the order of the changes.
 */
import { describe, expect, it } from 'vitest';
import { accessDiff, isNewAccess } from '../../../lib/analyze/authz/diff';
import { summarizeDiff, writeDiffJson, writeDiffMarkdown, writeDiffText } from '../../../lib/analyze/authz/diff-writers';
import type { AccessMatrix, MatrixCell, MatrixDestination } from '../../../lib/analyze/authz/types';

const PAYMENTS: MatrixDestination = { service: 'payments', namespace: 'bank-core', port: 8080, protocol: 'http2' };
const LEDGER: MatrixDestination = { service: 'ledger', namespace: 'bank-core', port: 5432, protocol: 'tcp' };
const WEB = 'bank.example/ns/bank-web/sa/web';
const ACCOUNTS = 'bank.example/ns/bank-core/sa/accounts';

function cell(source: string, destination: MatrixDestination, ...conditions: string[]): MatrixCell {
  const always = conditions.length === 1 && conditions[0] === 'any request';
  return { source, destination, access: always ? 'always' : 'conditional', conditions: [...conditions].sort(), rules: [] };
}

function matrix(...cells: MatrixCell[]): AccessMatrix {
  return {
    sources: [
      { principal: ACCOUNTS, workloads: ['bank-core/accounts'] },
      { principal: WEB, workloads: ['bank-web/web'] },
      { principal: 'bank.example/ns/ops/sa/*', workloads: ['ops/debug'] },
      { principal: '*', workloads: [] },
    ],
    destinations: [LEDGER, PAYMENTS],
    cells,
  };
}

describe('accessDiff', () => {
  it('reports a new cell as granted, in words naming the workloads and the conditions', () => {
    const changes = accessDiff(matrix(), matrix(cell(WEB, PAYMENTS, 'POST /refund')));
    expect(changes).toEqual([{
      kind: 'granted',
      source: WEB,
      destination: PAYMENTS,
      conditions: ['POST /refund'],
      summary: 'payments.bank-core:8080 newly reachable from bank-web/web: POST /refund',
    }]);
    expect(isNewAccess(changes[0])).toBe(true);
  });

  it('reports a cell that disappears as revoked, with what it allowed', () => {
    const changes = accessDiff(matrix(cell(ACCOUNTS, LEDGER, 'any request')), matrix());
    expect(changes.map((c) => [c.kind, c.summary])).toEqual([
      ['revoked', 'ledger.bank-core:5432 no longer reachable from bank-core/accounts (was: any request)'],
    ]);
    expect(isNewAccess(changes[0])).toBe(false);
  });

  it('reports added conditions as widened and removed ones as narrowed', () => {
    const changes = accessDiff(
      matrix(cell(WEB, PAYMENTS, 'POST /transfers', 'GET /status')),
      matrix(cell(WEB, PAYMENTS, 'POST /transfers', 'DELETE /transfers/*')),
    );
    expect(changes.map((c) => [c.kind, c.conditions, c.summary])).toEqual([
      ['widened', ['DELETE /transfers/*'], 'payments.bank-core:8080 reachable from bank-web/web for more requests: DELETE /transfers/*'],
      ['narrowed', ['GET /status'], 'payments.bank-core:8080 reachable from bank-web/web for fewer requests, no longer: GET /status'],
    ]);
  });

  it('reports conditional → always as widened and always → conditional as narrowed', () => {
    const widened = accessDiff(matrix(cell(WEB, PAYMENTS, 'GET /status')), matrix(cell(WEB, PAYMENTS, 'any request')));
    expect(widened.map((c) => [c.kind, c.summary])).toEqual([
      ['widened', 'payments.bank-core:8080 now reachable from bank-web/web for any request (was: GET /status)'],
    ]);
    const narrowed = accessDiff(matrix(cell(WEB, PAYMENTS, 'any request')), matrix(cell(WEB, PAYMENTS, 'GET /status')));
    expect(narrowed.map((c) => [c.kind, c.conditions, c.summary])).toEqual([
      ['narrowed', ['any request'], 'payments.bank-core:8080 no longer reachable from bank-web/web for any request, only: GET /status'],
    ]);
  });

  it('reports nothing for equal matrices', () => {
    const m = matrix(cell(WEB, PAYMENTS, 'POST /transfers'), cell(ACCOUNTS, LEDGER, 'any request'));
    expect(accessDiff(m, m)).toEqual([]);
    expect(summarizeDiff([])).toBe('no change of access');
  });

  it('names wildcard sources in words', () => {
    const changes = accessDiff(matrix(), matrix(cell('*', LEDGER, 'any request'), cell('bank.example/ns/ops/sa/*', PAYMENTS, 'GET /status'), cell('plaintext', LEDGER, 'any request')));
    expect(changes.map((c) => c.summary)).toEqual([
      'ledger.bank-core:5432 newly reachable from any authenticated peer: any request',
      'ledger.bank-core:5432 newly reachable from plaintext peers: any request',
      'payments.bank-core:8080 newly reachable from any identity in namespace ops: GET /status',
    ]);
  });

  it('falls back to the principal when no workload runs as it', () => {
    const foreign = 'other.example/ns/x/sa/y';
    const [change] = accessDiff(matrix(), matrix(cell(foreign, LEDGER, 'any request')));
    expect(change.summary).toBe(`ledger.bank-core:5432 newly reachable from ${foreign}: any request`);
  });

  it('names the workloads of the old matrix for revoked access', () => {
    const old: AccessMatrix = { ...matrix(cell('cluster.local/ns/a/sa/gone', LEDGER, 'any request')), sources: [{ principal: 'cluster.local/ns/a/sa/gone', workloads: ['a/gone'] }] };
    expect(accessDiff(old, matrix())[0].summary).toBe('ledger.bank-core:5432 no longer reachable from a/gone (was: any request)');
  });

  it('sorts new access first, then by destination and source', () => {
    const changes = accessDiff(
      matrix(cell(ACCOUNTS, LEDGER, 'any request'), cell(WEB, PAYMENTS, 'GET /a')),
      matrix(cell(WEB, PAYMENTS, 'GET /a', 'GET /b'), cell(WEB, LEDGER, 'any request'), cell(ACCOUNTS, PAYMENTS, 'GET /c')),
    );
    expect(changes.map((c) => `${c.kind} ${c.destination.service} ${c.source}`)).toEqual([
      `granted ledger ${WEB}`,
      `granted payments ${ACCOUNTS}`,
      `widened payments ${WEB}`,
      `revoked ledger ${ACCOUNTS}`,
    ]);
  });
});

describe('diff writers', () => {
  const changes = accessDiff(matrix(cell(ACCOUNTS, LEDGER, 'any request')), matrix(cell(WEB, PAYMENTS, 'POST /refund|x')));

  it('text: one line per change and the counts', () => {
    expect(writeDiffText(changes)).toBe([
      'granted   payments.bank-core:8080 newly reachable from bank-web/web: POST /refund|x',
      'revoked   ledger.bank-core:5432 no longer reachable from bank-core/accounts (was: any request)',
      '',
      '1 granted, 0 widened, 0 narrowed, 1 revoked',
      '',
    ].join('\n'));
    expect(writeDiffText([])).toBe('no change of access\n');
  });

  it('json: the changes with a fixed key order', () => {
    const parsed = JSON.parse(writeDiffJson(changes));
    expect(parsed).toHaveLength(2);
    expect(Object.keys(parsed[0])).toEqual(['kind', 'source', 'destination', 'conditions', 'summary']);
    expect(parsed[0]).toMatchObject({ kind: 'granted', source: WEB, destination: PAYMENTS, conditions: ['POST /refund|x'] });
  });

  it('markdown: a section per kind, Markdown characters escaped', () => {
    const text = writeDiffMarkdown(changes);
    expect(text).toContain('# Access changes\n\n1 granted, 0 widened, 0 narrowed, 1 revoked.');
    expect(text).toContain('## Granted (1)\n\n- payments.bank-core:8080 newly reachable from bank-web/web: POST /refund\\|x');
    expect(text).toContain('## Revoked (1)');
    expect(text).not.toContain('## Widened');
  });
});
