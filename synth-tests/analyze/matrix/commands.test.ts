// SPDX-License-Identifier: Apache-2.0
/**
 * `cdk8s-mesh matrix` and `cdk8s-mesh diff` on a fresh Command: formats, exit codes
 * (`--fail-on`), unreadable input (exit 2).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { Command } from 'commander';
import { HttpMethod, Match } from 'cdk8s-mesh';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ExitCode, type CliIo } from '../../../lib/cli/cli-io';
import { addDiffCommand } from '../../../lib/cli/diff-command';
import { addMatrixCommand } from '../../../lib/cli/matrix-command';
import { FIXTURES, tempManifests } from './matrix-helpers';
import { type Shop, shopChart } from './sdk-mesh';

interface Run {
  readonly code: ExitCode;
  readonly out: string[];
  readonly err: string[];
}

async function run(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const result = { code: ExitCode.OK };
  const program = new Command('cdk8s-mesh').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  addMatrixCommand(program, io, result);
  addDiffCommand(program, io, result);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    return { code: ExitCode.BAD_INPUT, out, err: [...err, String(e)] };
  }
  return { code: result.code, out, err };
}

function base(shop: Shop): void {
  shop.cart.allowFrom(shop.frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
  shop.db.allowFrom(shop.cart, { ports: [5432] });
}

const dirs: string[] = [];
function manifestsOf(declare: (shop: Shop) => void): string {
  const dir = tempManifests({ 'shop.k8s.yaml': (Testing.synth(shopChart(declare)) as unknown[]).map((o) => stringify(o)).join('---\n') });
  dirs.push(dir);
  return dir;
}

const BEFORE = manifestsOf(base);
const GRANTED = manifestsOf((shop) => {
  base(shop);
  shop.payments.allowFrom(shop.cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
});
const REVOKED = manifestsOf((shop) => shop.cart.allowFrom(shop.frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] }));

afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('cdk8s-mesh matrix', () => {
  it('prints the table by default', async () => {
    const r = await run('matrix', BEFORE);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.out[0]).toMatch(/^SOURCE\s+DESTINATION\s+ACCESS\s+CONDITIONS$/);
    expect(r.out).toContainEqual(expect.stringMatching(/^shop\/frontend\s+cart\.shop:8080\/http\s+conditional\s+GET \/cart\/\*$/));
    expect(r.out).toContainEqual(expect.stringMatching(/^shop\/cart\s+db\.shop:5432\/tcp\s+always\s+any request$/));
    expect(r.out.at(-1)).toMatch(/^2 cells \(1 always, 1 conditional\); 2 of 4 destination ports reachable; \d+ sources$/);
  });

  it('writes CSV, JSON and Markdown', async () => {
    const csv = await run('matrix', BEFORE, '--format', 'csv');
    expect(csv.out[0]).toBe('source,workloads,namespace,service,port,protocol,access,conditions,rules');
    expect(csv.out).toContain('cluster.local/ns/shop/sa/cart,shop/cart,shop,db,5432,tcp,always,any request,ns[shop]-policy[db-allow]-rule[0]');
    const json = JSON.parse((await run('matrix', BEFORE, '--format', 'json')).out.join('\n'));
    expect(json.cells).toHaveLength(2);
    const markdown = (await run('matrix', BEFORE, '--format', 'markdown')).out.join('\n');
    expect(markdown).toContain('## shop');
    expect(markdown).toContain('Reachable by no source: frontend:80, payments:8443.');
  });

  it('reads hand-written YAML files and honours --root-namespace', async () => {
    const r = await run('matrix', path.join(FIXTURES, 'corp.yaml'), '--format', 'csv', '--root-namespace', 'istio-system');
    expect(r.code).toBe(ExitCode.OK);
    expect(r.out).toContainEqual(expect.stringMatching(/^cluster\.local\/ns\/corp\/sa\/api,corp\/api,corp,db,5432,tcp,always,any request,/));
  });

  it('exits 2 on a missing path and on bad YAML', async () => {
    const missing = await run('matrix', '/nonexistent/manifests');
    expect(missing.code).toBe(ExitCode.BAD_INPUT);
    expect(missing.err.join('\n')).toMatch(/cannot read \/nonexistent\/manifests/);
    const bad = tempManifests({ 'bad.yaml': 'kind: [unclosed\n' });
    dirs.push(bad);
    expect((await run('matrix', bad)).code).toBe(ExitCode.BAD_INPUT);
  });

  it('rejects an unknown format', async () => {
    expect((await run('matrix', BEFORE, '--format', 'xml')).code).toBe(ExitCode.BAD_INPUT);
  });
});

describe('cdk8s-mesh diff', () => {
  it('exits 1 on granted access by default, and says what is new', async () => {
    const r = await run('diff', BEFORE, GRANTED);
    expect(r.code).toBe(ExitCode.FINDINGS);
    expect(r.out).toEqual([
      'granted   payments.shop:8443 newly reachable from shop/cart: POST /charge',
      '',
      '1 granted, 0 widened, 0 narrowed, 0 revoked',
    ]);
  });

  it('exits 0 on revoked access unless --fail-on any', async () => {
    const r = await run('diff', BEFORE, REVOKED);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.out[0]).toBe('revoked   db.shop:5432 no longer reachable from shop/cart (was: any request)');
    expect((await run('diff', BEFORE, REVOKED, '--fail-on', 'any')).code).toBe(ExitCode.FINDINGS);
  });

  it('exits 0 with --fail-on none, and on no change', async () => {
    expect((await run('diff', BEFORE, GRANTED, '--fail-on', 'none')).code).toBe(ExitCode.OK);
    const same = await run('diff', BEFORE, BEFORE, '--fail-on', 'any');
    expect(same.code).toBe(ExitCode.OK);
    expect(same.out).toEqual(['no change of access']);
  });

  it('writes JSON and Markdown', async () => {
    const json = JSON.parse((await run('diff', BEFORE, GRANTED, '--format', 'json')).out.join('\n'));
    expect(json).toEqual([expect.objectContaining({ kind: 'granted', source: 'cluster.local/ns/shop/sa/cart', conditions: ['POST /charge'] })]);
    const markdown = (await run('diff', BEFORE, GRANTED, '--format', 'markdown')).out.join('\n');
    expect(markdown).toContain('## Granted (1)\n\n- payments.shop:8443 newly reachable from shop/cart: POST /charge');
  });

  it('exits 2 when a version cannot be read', async () => {
    const r = await run('diff', BEFORE, '/nonexistent/new');
    expect(r.code).toBe(ExitCode.BAD_INPUT);
    expect(r.err.join('\n')).toMatch(/cannot read \/nonexistent\/new/);
  });
});
