// SPDX-License-Identifier: Apache-2.0
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../lib/cli/cli-io';
import { addLintCommand } from '../../../lib/cli/lint-command';

const TRAPS = path.join(__dirname, 'yaml/traps.yaml');
const CLEAN = path.join(__dirname, 'yaml/clean.yaml');
const AMBIENT = path.join(__dirname, 'yaml/ambient.yaml');

/** Runs `cdk8s-mesh lint …` on a fresh program, as bin/cdk8s-mesh would (usage errors exit 2). */
async function lint(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const result = { code: ExitCode.OK };
  const program = new Command('cdk8s-mesh').exitOverride().configureOutput({ writeOut: (s) => out.push(s.trimEnd()), writeErr: (s) => err.push(s.trimEnd()) });
  addLintCommand(program, { out: (l) => out.push(l), err: (l) => err.push(l) }, result);
  try {
    await program.parseAsync(['lint', ...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return { code: ExitCode.BAD_INPUT, out, err };
    throw e;
  }
  return { code: result.code, out, err };
}

describe('cdk8s-mesh lint', () => {
  it('reports the traps of hand-written YAML with rule ids, objects, locations and fixes, and exits 1 on errors', async () => {
    const { code, out } = await lint(TRAPS);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^ERROR +MESH-SEM-05 +AuthorizationPolicy shop\/api-allow +.*traps\.yaml:36$/m);
    expect(text).toMatch(/^ {4}ALLOW AuthorizationPolicy shop\/api-allow: rule 0 \(HTTP-only to\.operation\.methods, to\.operation\.paths\) is dropped on TCP port 9000 \(Service shop\/api port tcp-admin\) of shop\/api/m);
    expect(text).toMatch(/^ERROR +MESH-SEM-06 +AuthorizationPolicy shop\/api-l7 /m);
    expect(text).toMatch(/^ERROR +MESH-SEM-13 +AuthorizationPolicy shop\/api-l7 /m);
    expect(text).toMatch(/^WARNING +MESH-SEM-03 +AuthorizationPolicy shop\/api-allow /m);
    expect(text).toMatch(/^NOTE +MESH-SEM-15 +AuthorizationPolicy istio-system\/api-everywhere .*\n {4}.*applies in every namespace: here to shop\/api/m);
    expect(text).toMatch(/\n {4}fix: split the rule: one ALLOW rule for HTTP operations/);
    expect(out[out.length - 1]).toMatch(/^3 errors, 1 warning, 1 note, 0 suppressed, \d+ compliant \(22 rules, 6 objects\)$/);
  });

  it('also reports the §b8 traps decided by rules shared with the NIST packs (L7 at ztunnel, waypoint bypass)', async () => {
    const { code, out } = await lint(AMBIENT);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^ERROR +MESH-MODEL-02 +AuthorizationPolicy orders\/orders-get .*\n {4}.*ztunnel drops these rules entirely/m);
    expect(text).toMatch(/^ERROR +MESH-MODEL-03 +Deployment orders\/orders /m);
    expect(text).toMatch(/^ERROR +MESH-SEM-07 +Deployment orders\/orders .*\n {4}.*so every request through the waypoint is denied/m);
  });

  it('runs only the istio-semantics pack, in JSON', async () => {
    const { code, out } = await lint(TRAPS, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(out.join('\n'));
    expect(report.packs).toEqual([{ name: 'istio-semantics', version: '1', title: expect.stringMatching(/^Istio authorization semantics/) }]);
    expect(report.rules).toHaveLength(22);
    expect(report.rules.map((r: { id: string }) => r.id).filter((id: string) => !id.startsWith('MESH-SEM-'))).toEqual(['MESH-EU-02', 'MESH-MODEL-02', 'MESH-MODEL-03']);
    expect(report.findings.filter((f: { status: string }) => f.status === 'non-compliant').map((f: { ruleId: string }) => f.ruleId))
      .toEqual(['MESH-SEM-05', 'MESH-SEM-06', 'MESH-SEM-13', 'MESH-SEM-03', 'MESH-SEM-15']);
  });

  it('writes SARIF results located at the object\'s file and line', async () => {
    const { out } = await lint(TRAPS, '--format', 'sarif');
    const sarif = JSON.parse(out.join('\n'));
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'MESH-SEM-06');
    expect(r.level).toBe('error');
    expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/traps\.yaml$/) }, region: { startLine: 52 } });
  });

  it('exits 0 when only warnings remain; --root-namespace moves the mesh-wide scope', async () => {
    const plain = await lint(CLEAN);
    expect(plain.code).toBe(0);
    expect(plain.out.join('\n')).toMatch(/^WARNING +MESH-SEM-03 +AuthorizationPolicy shop\/api-allow .*\n {4}.*mTLS resolves to PERMISSIVE \(Istio's default/m);
    const rooted = await lint(CLEAN, '--root-namespace', 'mesh-root');
    expect(rooted.code).toBe(0);
    expect(rooted.out.join('\n')).not.toMatch(/^WARNING/m);
    expect(rooted.out.join('\n')).toMatch(/^NOTE +MESH-SEM-15 +AuthorizationPolicy mesh-root\/api-audit /m);
  });

  it('--risk accepts the risk levels of check and rejects others with exit 2', async () => {
    expect((await lint(CLEAN, '--risk', 'low')).code).toBe(0);
    expect(await lint(CLEAN, '--risk', 'extreme')).toMatchObject({ code: 2, err: ['cdk8s-mesh: unknown risk profile "extreme": expected low, medium or high'] });
  });

  it('exits 2 on unreadable input or an unknown format', async () => {
    const missing = await lint('no/such/dir');
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^cdk8s-mesh: .*no\/such\/dir/);
    expect((await lint(TRAPS, '--format', 'markdown')).code).toBe(2);
  });
});
