// SPDX-License-Identifier: Apache-2.0
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { ManifestReader, Mesh, PortProtocol, ReportFormat, RiskProfile } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { appChart, readReport } from './compliance-helpers';

const ROOT = path.resolve(__dirname, '../..');
const SARIF_SCHEMA = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

function validateSarif(text: string): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(SARIF_SCHEMA);
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('a deliberately non-compliant app (synth-tests/compliance/noncompliant-app)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'noncompliant-'));
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', path.join(ROOT, 'tsconfig.dev.json'), path.join(__dirname, 'noncompliant-app/main.ts'), outdir], { encoding: 'utf8', cwd: ROOT });

  it('fails the synth listing each violation with rule id, severity, object, construct path, message and fix', () => {
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`cdk8s-mesh: 3 rule violations fail the synth (reports: ${path.join(outdir, 'compliance')})`);
    expect(run.stderr).toMatch(/ {2}MESH-MODEL-01 \(error\) Deployment shop\/payments at shop\/mesh\/payments\/Deployment\/Resource: shop\/payments has risk profile high and runs on the ambient model/);
    expect(run.stderr).toMatch(/ {2}MESH-MODEL-04 \(error\) Deployment shop\/cart at shop\/mesh\/cart\/Deployment\/Resource: shop\/cart is in no mesh data plane/);
    expect(run.stderr).toMatch(/ {2}MESH-MTLS-02 \(error\) PeerAuthentication shop\/legacy-clients at shop\/permissive: .*mtls\.mode "PERMISSIVE"/);
    expect(run.stderr.match(/\n {4}fix: /g)).toHaveLength(3);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // nothing is written but the reports
    expect(fs.readdirSync(outdir)).toEqual(['compliance']);
  });

  it('writes SARIF 2.1.0 that validates against the schema, with rule metadata and locations', () => {
    const text = fs.readFileSync(path.join(outdir, 'compliance/mesh-compliance.sarif'), 'utf8');
    expect(validateSarif(text)).toEqual([]);
    const sarif = JSON.parse(text);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.rules.find((r: { id: string }) => r.id === 'MESH-MODEL-01')).toMatchObject({
      shortDescription: { text: expect.stringMatching(/proxy model its risk profile admits/) },
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['800-233/model-by-risk']) },
    });
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'MESH-MODEL-01');
    expect(result).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/shop\.k8s\.yaml$/) }, region: { startLine: expect.any(Number) } }, logicalLocations: [{ fullyQualifiedName: 'shop/mesh/payments/Deployment/Resource' }] }],
    });
    expect(run0.results.filter((r: { level: string }) => r.level === 'note').map((r: { ruleId: string }) => r.ruleId)).toContain('MESH-MODEL-01');
  });

  it('writes the Markdown compliance report per recommendation, with the open findings', () => {
    const md = fs.readFileSync(path.join(outdir, 'compliance/mesh-compliance.md'), 'utf8');
    expect(md).toMatch(/\| \*\*800-233\/model-by-risk\*\* The proxy model follows the application's risk \| non-compliant \| MESH-MODEL-01 \| Deployment shop\/payments \|/);
    expect(md).toMatch(/\| \*\*SM-DR12\*\* .* \| attest manually \| — \| attest manually: the CA is configured at Istio installation/);
    // one table per rule and severity, errors first, the fix once above the table
    expect(md).toMatch(/## Open findings\n\n### MESH-MODEL-01 \(error\): 1 finding\n\n.*\*\*Fix:\*\* set the service's `proxyModel`.*\n\n\| Object \| Construct \| Message \|\n\|---\|---\|---\|\n\| Deployment shop\/payments \| shop\/mesh\/payments\/Deployment\/Resource \|/);
    const headings = [...md.matchAll(/^### (MESH-[A-Z]+-\d+) \((error|warning|info)\): (\d+) findings?$/gm)];
    expect(headings.map((h) => h[2])).toEqual([...headings.map((h) => h[2])].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    const rows = headings.reduce((n, h) => n + Number(h[3]), 0);
    expect(rows).toBe((md.split('## Open findings')[1].split('## Suppressed findings')[0].match(/^\| (?!Object|---)/gm) ?? []).length);
  });
});

describe('reports of a passing synth', () => {
  function synthShop(reports?: ReportFormat[]) {
    const { app, chart } = appChart();
    const mesh = new Mesh(chart, 'mesh', { defaultRiskProfile: RiskProfile.LOW, compliance: { printFindings: false, ...(reports ? { reports } : {}) } });
    const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
    mesh.addService('cart', { image: 'cart:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] }).allowFrom(web);
    app.synth();
    return app;
  }

  it('point SARIF regions at the first line of the object in the written manifest', () => {
    const app = synthShop();
    const sarif = JSON.parse(fs.readFileSync(path.join(app.outdir, 'compliance/mesh-compliance.sarif'), 'utf8'));
    const lines = fs.readFileSync(path.join(app.outdir, 'shop.k8s.yaml'), 'utf8').split('\n');
    const located = sarif.runs[0].results.filter((r: { properties: { object: string } }) => r.properties.object.startsWith('Deployment '));
    expect(located.length).toBeGreaterThan(0);
    for (const r of located) {
      const start = r.locations[0].physicalLocation.region.startLine;
      expect(lines[start - 1]).toBe('apiVersion: apps/v1');
      expect(lines[start - 2] ?? '---').toBe('---');
      const name = r.properties.object.split('/').pop();
      const end = lines.indexOf('---', start);
      expect(lines.slice(start - 1, end < 0 ? undefined : end)).toContain(`  name: ${name}`);
    }
  });

  it('write JSON with every finding and the rule metadata, byte-identical across synths', () => {
    const a = synthShop();
    const b = synthShop();
    const read = (app: { outdir: string }, f: string) => fs.readFileSync(path.join(app.outdir, 'compliance', f), 'utf8');
    for (const f of ['mesh-compliance.json', 'mesh-compliance.md']) expect(read(a, f)).toBe(read(b, f));
    // SARIF locates results in the written files, under each app's own outdir
    expect(read(a, 'mesh-compliance.sarif').split(a.outdir).join('<outdir>')).toBe(read(b, 'mesh-compliance.sarif').split(b.outdir).join('<outdir>'));
    const report = readReport(a);
    // one finding per line: compact at scale, and a change to one finding is a one-line diff
    const lines = read(a, 'mesh-compliance.json').split('\n');
    expect(lines.filter((l) => l.startsWith('    {"ruleId":'))).toHaveLength(report.findings.length);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'packs', 'rules', 'findings', 'summary']);
    expect(report.schemaVersion).toBe('1.0');
    expect(report.summary.errors).toBe(0);
    expect(report.findings.some((f) => f.ruleId === 'MESH-MODEL-01' && f.status === 'non-compliant' && f.severity === 'info')).toBe(true);
  });

  it('write only the formats asked for, CSV included', () => {
    const app = synthShop([ReportFormat.CSV]);
    expect(fs.readdirSync(path.join(app.outdir, 'compliance'))).toEqual(['mesh-compliance.csv']);
    const csv = fs.readFileSync(path.join(app.outdir, 'compliance/mesh-compliance.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('ruleId,constructPath,kind,namespace,name,file,line,compliance,severity,risk,exceptionReason,message,ruleTitle');
    expect(csv.some((l) => l.startsWith('MESH-MODEL-01,shop/mesh/web/Deployment/Resource,Deployment,shop,web,shop.k8s.yaml,,non-compliant,info,low,'))).toBe(true);
  });

  it('are not read as manifests by conform or check', () => {
    const app = synthShop();
    const docs = ManifestReader.readFiles([app.outdir]);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.file?.endsWith('shop.k8s.yaml'))).toBe(true);
  });
});
