// SPDX-License-Identifier: Apache-2.0
/**
 * Every proof command over every example's synthesized output (the `dist/` users get), and the
 * library functions over the same app.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { MeshTesting } from 'cdk8s-mesh';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const names = fs.readdirSync(EXAMPLES).filter((n) => fs.existsSync(path.join(EXAMPLES, n, 'main.ts'))).sort();

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

/** `--method GET --path /cart/x` for a condition like `GET /cart/*`. */
function probeFlags(condition: string | undefined): string[] {
  const m = /^([A-Z]+) (\S+)/.exec(condition ?? '');
  if (!m) return [];
  return ['--method', m[1], '--path', m[2].replace(/\{\*\*?\}|\*/g, 'x')];
}

describe.each(names)('the proof commands on examples/%s', (name) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `proof-${name}-`));
  let app: { node: { findAll(): unknown[] } };
  beforeAll(async () => {
    const example = (await import(path.join(EXAMPLES, name, 'main.ts'))) as { synth(outdir: string): { node: { findAll(): unknown[] } } };
    app = example.synth(outdir);
  });

  it('matrix lists reachable ports, and matches MeshTesting.accessMatrix', async () => {
    const { code, out } = await cli('matrix', outdir, '--format', 'json');
    expect(code).toBe(0);
    const matrix = JSON.parse(out);
    expect(matrix.cells.length).toBeGreaterThan(0);
    const chart = app.node.findAll().find((c) => Chart.isChart(c)) as Chart;
    expect(MeshTesting.accessMatrix(chart).cells.length).toBe(matrix.cells.length);
  });

  it('explain decides a request from the matrix as ALLOW and a plaintext one as DENY', async () => {
    const { out } = await cli('matrix', outdir, '--format', 'json');
    const cell = JSON.parse(out).cells.find((c: { source: string }) => /\/ns\/[^/]+\/sa\/[^*]+$/.test(c.source));
    expect(cell).toBeDefined();
    const d = cell.destination;
    const allowed = await cli('explain', '--manifests', outdir, '--principal', cell.source, '--to', `${d.service}.${d.namespace}:${d.port}`, '--format', 'json',
      ...(cell.access === 'always' || d.protocol === 'tcp' ? [] : probeFlags(cell.conditions[0])));
    if (!/with jwt/.test(cell.conditions[0] ?? '')) expect(JSON.parse(allowed.out)[0].decision).toBe('ALLOW');
    const denied = await cli('explain', '--manifests', outdir, '--plaintext', '--to', `${d.service}.${d.namespace}:${d.port}`, '--format', 'json');
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.out)[0].decision).toBe('DENY');
  });

  it('diff of the output against itself finds no change (exit 0)', async () => {
    const { code, out } = await cli('diff', outdir, outdir);
    expect(code).toBe(0);
    expect(out).toMatch(/no change/i);
  });

  it('lint finds no semantic trap in SDK output', async () => {
    const { code, out } = await cli('lint', outdir);
    expect(code).toBe(0);
    expect(out).toMatch(/^0 errors, 0 warnings/m);
  });

  it('graph draws Mermaid', async () => {
    const { code, out } = await cli('graph', outdir, '--format', 'mermaid');
    expect(code).toBe(0);
    expect(out).toMatch(/^flowchart LR/);
  });
});

describe('the proof commands on hand-written Istio YAML (synth-tests/analyze/yaml)', () => {
  const YAML = path.join(__dirname, 'yaml');
  const manifests = fs.readdirSync(YAML).filter((f) => f !== 'requests.yaml').map((f) => path.join(YAML, f));

  it('explain decides the requests file', async () => {
    const { code, out } = await cli('explain', '--manifests', YAML, '--requests', path.join(YAML, 'requests.yaml'), '--format', 'json');
    expect(code).toBe(0);
    const decisions = JSON.parse(out) as { id: string; decision: string; chain: unknown[] }[];
    expect(decisions.length).toBeGreaterThan(10);
    expect(new Set(decisions.map((d) => d.decision))).toEqual(new Set(['ALLOW', 'DENY']));
  });

  it('matrix, diff, lint and graph run', async () => {
    expect((await cli('matrix', ...manifests)).code).toBe(0);
    expect((await cli('diff', manifests[0], manifests[0])).code).toBe(0);
    expect([0, 1]).toContain((await cli('lint', ...manifests)).code);
    const graph = await cli('graph', ...manifests, '--format', 'dot');
    expect(graph.code).toBe(0);
    expect(graph.out).toMatch(/^digraph/);
  });
});

describe('manifests from standard input', () => {
  it('reads `-` as stdin (e.g. the output of kustomize)', () => {
    const ROOT = path.resolve(__dirname, '../..');
    const text = fs.readdirSync(path.join(__dirname, 'yaml')).filter((f) => f !== 'requests.yaml').map((f) => fs.readFileSync(path.join(__dirname, 'yaml', f), 'utf8')).join('\n---\n');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'lib/cli/main.ts'), 'matrix', '-', '--format', 'json'], { input: text, encoding: 'utf8', cwd: ROOT });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).cells.length).toBeGreaterThan(0);
  });
});

describe('explain and matrix agree on the trust domain the manifests use', () => {
  it('decides the bank\'s web → payments transfer as the matrix lists it, without --trust-domain', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'proof-bank-td-'));
    const bank = (await import(path.join(EXAMPLES, 'bank', 'main.ts'))) as { synth(outdir: string): unknown };
    bank.synth(outdir);
    const { out } = await cli('explain', '--manifests', outdir, '--from', 'bank-web/web', '--to', 'payments.bank-core:8080', '--method', 'POST', '--path', '/transfers',
      '--jwt-iss', 'https://sts.bank.internal', '--jwt-sub', 'alice', '--jwt-aud', 'bank-internal', '--jwt-claim', 'scope=payments:write', '--format', 'json');
    expect(JSON.parse(out)[0]).toMatchObject({ decision: 'ALLOW', chain: [{ point: 'sidecar', rule: 'ns[bank-core]-policy[payments-allow]-rule[0]' }] });
    const matrix = JSON.parse((await cli('matrix', outdir, '--format', 'json')).out);
    expect(matrix.cells.some((c: { source: string; destination: { service: string } }) => c.source === 'bank.example/ns/bank-web/sa/web' && c.destination.service === 'payments')).toBe(true);
    // without the token, --detail says what was missing
    const bare = await cli('explain', '--manifests', outdir, '--from', 'bank-web/web', '--to', 'payments.bank-core:8080', '--method', 'POST', '--path', '/transfers', '--format', 'json', '--detail');
    expect(JSON.parse(bare.out)[0].chain[0].detail.reason).toMatch(/carries no end-user token this point validated, and the rule denies requests without one$/);
  });
});
