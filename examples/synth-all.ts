// SPDX-License-Identifier: Apache-2.0
/**
 * `npm start`: synthesizes every example in examples/<name>/main.ts into dist/<name>/ and
 * prints one summary line per example: the objects written, the admission check of the
 * built-in kinds (custom resources need the cluster's CRDs: `cdk8s-mesh conform --crds`) and
 * the findings of the NIST rule packs by severity (reports in dist/<name>/compliance/).
 * User mistakes print as one clear message, no stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conformance, ConformanceErrorType, ManifestReader } from 'cdk8s-mesh';

interface Example {
  synth(outdir: string): unknown;
}

async function main(): Promise<number> {
  const root = __dirname;
  const names = fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'main.ts'))).sort();
  let failed = 0;
  const conformance = Conformance.coreOnly();
  for (const name of names) {
    const outdir = path.join('dist', name);
    fs.rmSync(outdir, { recursive: true, force: true });
    try {
      const example = (await import(path.join(root, name, 'main.ts'))) as Example;
      example.synth(outdir);
      const summary = await summarize(conformance, outdir);
      console.log(`${name}: ${summary.line} → ${outdir}/`);
      for (const problem of summary.problems) console.error(`  ${problem}`);
      if (summary.problems.length > 0) failed++;
    } catch (err) {
      failed++;
      console.error(`${name}: synth failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  console.log(`${names.length - failed} examples synthesized, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** `N objects (k Kind, …); built-in kinds: n/n admission-valid; custom resources: m` */
async function summarize(conformance: Conformance, outdir: string): Promise<{ line: string; problems: string[] }> {
  const docs = ManifestReader.readFiles([outdir]);
  const kinds = new Map<string, number>();
  for (const { object } of docs) {
    const kind = String((object as { kind?: unknown }).kind ?? '?');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const byKind = [...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(', ');
  const report = await conformance.validateDocuments(docs);
  const custom = report.errors.filter((e) => e.type === ConformanceErrorType.NO_SCHEMA);
  const rejected = report.errors.filter((e) => e.type !== ConformanceErrorType.NO_SCHEMA);
  const problems = rejected.map((e) => `${e.file ?? ''}: ${e.kind}/${e.name}: ${e.path}: ${e.message}`);
  const badObjects = new Set(rejected.map((e) => `${e.kind}/${e.namespace ?? ''}/${e.name}`)).size;
  const core = docs.length - custom.length;
  const line = `${docs.length} objects (${byKind}); built-in kinds admission-valid: ${core - badObjects}/${core}; `
    + `${custom.length} custom resources (check: cdk8s-mesh conform --crds <crds> ${outdir}); rules: ${findings(outdir)}`;
  return { line, problems };
}

/** `0 errors, 0 warnings, 12 notes, 2 suppressed, 180 compliant` from the JSON compliance report. */
function findings(outdir: string): string {
  const file = path.join(outdir, 'compliance', 'mesh-compliance.json');
  if (!fs.existsSync(file)) return 'no compliance report';
  const s = (JSON.parse(fs.readFileSync(file, 'utf8')) as { summary: Record<string, number> }).summary;
  return `${s.errors} errors, ${s.warnings} warnings, ${s.infos} notes, ${s.suppressed} suppressed, ${s.compliant} compliant`;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
