// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MeshValidation, type ValidationViolation } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main';

const YAML = path.join(__dirname, 'yaml/hand-written.yaml');

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cdk8s-mesh check', () => {
  it('checks hand-written YAML and exits 1 on errors, with a table of findings and fixes', async () => {
    const { code, out } = await cli('check', YAML);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^ERROR +MESH-MTLS-02 +PeerAuthentication legacy\/plaintext-ok +.*hand-written\.yaml:\d+$/m);
    expect(text).toMatch(/^ERROR +MESH-WL-01 +Deployment legacy\/api/m);
    expect(text).toMatch(/^ERROR +MESH-AUTHZ-01 /m);
    expect(text).toMatch(/\n {4}fix: /);
    expect(out[out.length - 1]).toMatch(/^\d+ errors, \d+ warnings?, \d+ notes?, 1 suppressed, \d+ compliant \(\d+ rules, 5 objects\)$/);
  });

  it('honours suppression annotations in the YAML and lists them on request', async () => {
    const { out } = await cli('check', YAML, '--show-suppressed');
    expect(out.join('\n')).toMatch(/^SUPPRESSED +MESH-MODEL-04 +Deployment legacy\/db .*\n.*\n {4}suppressed: database replication port excluded until the 2027 migration \(DB-31\)$/m);
  });

  it('runs only the packs asked for', async () => {
    const { code, out } = await cli('check', YAML, '--pack', 'nist-800-233', '--format', 'json');
    const report = JSON.parse(out.join('\n'));
    expect(report.packs.map((p: { name: string }) => p.name)).toEqual(['nist-800-233']);
    expect(report.rules.every((r: { id: string }) => r.id.startsWith('MESH-MODEL-'))).toBe(true);
    expect(code).toBe(0);
  });

  it('writes SARIF and Markdown to a file and still prints the summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
    const { out } = await cli('check', YAML, '--format', 'sarif', '--output', path.join(dir, 'out.sarif'));
    expect(out).toHaveLength(1);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'MESH-MTLS-02');
    expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/hand-written\.yaml$/) }, region: { startLine: 20 } });
  });

  it('--risk raises the severity of risk-dependent rules; --fail-on warning fails on warnings', async () => {
    const low = await cli('check', YAML, '--pack', 'nist-800-204b', '--risk', 'low', '--fail-on', 'warning', '--format', 'json');
    expect(low.code).toBe(1);
  });

  it('rejects an unknown pack or risk with exit 2 and a clear message', async () => {
    expect(await cli('check', YAML, '--pack', 'nist-800-53')).toMatchObject({ code: 2, err: ['cdk8s-mesh: unknown rule pack "nist-800-53": expected one of nist-800-204, nist-800-204a, nist-800-204b, nist-800-207a, nist-800-233, istio-semantics']  });
    expect(await cli('check', YAML, '--risk', 'extreme')).toMatchObject({ code: 2, err: ['cdk8s-mesh: unknown risk profile "extreme": expected low, medium or high'] });
    expect((await cli('check', 'no/such/dir')).code).toBe(2);
  });
});

describe('MeshValidation (cdk8s-cli validation plugin)', () => {
  it('reports open errors and warnings per rule and submits failure', async () => {
    const violations: ValidationViolation[] = [];
    let status = '';
    const logs: string[] = [];
    await new MeshValidation({ risk: 'medium' }).validate({
      manifests: [YAML],
      report: { addViolation: (v) => violations.push(v), submit: (s) => { status = s; } },
      logger: { log: (m) => logs.push(m) },
    });
    expect(status).toBe('failure');
    const mtls = violations.find((v) => v.ruleName.startsWith('MESH-MTLS-02: '));
    expect(mtls).toMatchObject({ fix: expect.stringMatching(/STRICT/), violatingResources: [{ resourceName: 'plaintext-ok', manifestPath: YAML, locations: [expect.stringMatching(/^error: PeerAuthentication legacy\/plaintext-ok: /)] }] });
    expect(violations.some((v) => v.ruleName.startsWith('MESH-MODEL-04'))).toBe(false);
    expect(logs[0]).toMatch(/^cdk8s-mesh: \d+ errors/);
  });
});
