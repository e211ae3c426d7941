// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run bench`: what cdk8s-mesh costs over cdk8s and over bare YAML as the mesh grows.
 *
 * For N = 100, 1,000 and 10,000 services, each variant runs in a process of its own, medians of
 * 5 timed runs (after one warm-up run, except at 10,000 services where a run takes seconds):
 * (a) cdk8s-mesh synth with the default rule packs and reports, (a0) the same without packs,
 * (b) the same final objects as raw cdk8s ApiObjects in one chart, (c) the same objects
 * serialized by the `yaml` package alone. Peak RSS is measured apart, in fresh processes that
 * synthesize once (what a user's `cdk8s synth` holds; median of 3). Then the authorization engine.
 * Results go to stdout and bench/results/latest.md; ratios hold on a noisy machine, absolute
 * times do not.
 *
 * `npm run bench -- --sizes 100,1000` runs a subset (printed only; latest.md keeps the full run).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CaseResult } from './case';

const RUNS = 5;
/** Runs of (a0), which only explains where the time of (a) goes. */
const NO_PACKS_RUNS = 3;
/** Fresh processes per peak RSS figure (the median is reported; one process's peak varies by ~15%). */
const RSS_SAMPLES = 3;
/** From this size on, a run takes seconds: no warm-up run. */
const NO_WARMUP_FROM = 10000;
const GOALS = { meshOverCdk8s: 1.5, meshOverYaml: 3, growth: 11, rssOverCdk8s: 2, matrixMs: 2000, explainUs: 1000 };

const DEFAULT_SIZES = [100, 1000, 10000];

function sizesFromArgs(): number[] {
  const i = process.argv.indexOf('--sizes');
  if (i < 0) return DEFAULT_SIZES;
  const sizes = (process.argv[i + 1] ?? '').split(',').map(Number);
  if (sizes.some((s) => !Number.isInteger(s) || s < 2)) {
    process.stderr.write(`--sizes ${process.argv[i + 1] ?? ''}: expected comma-separated service counts of at least 2, e.g. --sizes 100,1000\n`);
    process.exit(2);
  }
  return sizes;
}

function runCase(variant: string, services: number, runs: number, objectsFile = ''): CaseResult {
  const root = path.join(__dirname, '..');
  const args = ['--tsconfig', path.join(root, 'tsconfig.dev.json'), path.join(__dirname, 'case.ts'), variant, String(services), String(runs), objectsFile];
  const out = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), args, {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WARMUP: services >= NO_WARMUP_FROM ? '0' : '1' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as CaseResult;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const ms = (x: number) => `${x.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const ratio = (x: number, goal: number) => `${x.toFixed(2)}× ${mark(x <= goal)}`;

interface Row { n: number; objects: number; mesh: number; noPacks: number; cdk8s: number; yaml: number; meshRss: number; cdk8sRss: number }

const started = Date.now();
const sizes = sizesFromArgs();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mesh-bench-'));
const rows: Row[] = [];
for (const n of sizes) {
  const objectsFile = path.join(scratch, `objects-${n}.json`);
  const mesh = runCase('mesh', n, RUNS, objectsFile);
  const noPacks = runCase('mesh-no-packs', n, NO_PACKS_RUNS);
  const cdk8s = runCase('cdk8s', n, RUNS, objectsFile);
  const yaml = runCase('yaml', n, RUNS, objectsFile);
  const rss = (variant: string, file?: string) => median(Array.from({ length: RSS_SAMPLES }, () => runCase(variant, n, 0, file).peakRssMb));
  const meshRss = rss('mesh');
  const cdk8sRss = rss('cdk8s', objectsFile);
  rows.push({ n, objects: mesh.objects ?? 0, mesh: median(mesh.samples), noPacks: median(noPacks.samples), cdk8s: median(cdk8s.samples), yaml: median(yaml.samples), meshRss, cdk8sRss });
  process.stderr.write(`bench: ${n.toLocaleString('en-US')} services done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
const engineServices = 2000;
const engine = runCase('engine', engineServices, 3);
fs.rmSync(scratch, { recursive: true, force: true });

const lines: string[] = [
  '# cdk8s-mesh benchmark',
  '',
  '(a) cdk8s-mesh synth with the default rule packs and reports · (a0) the same without rule packs · (b) the same final objects as raw cdk8s',
  `ApiObjects in one chart · (c) the same objects through \`yaml\` alone. Medians of ${RUNS} runs (${NO_PACKS_RUNS} for a0), each variant in its own`,
  `process (one warm-up run first below ${NO_WARMUP_FROM.toLocaleString('en-US')} services). Peak RSS: median of ${RSS_SAMPLES} fresh processes that synthesize once.`,
  '',
  `| services | objects | (a) cdk8s-mesh | (a0) no packs | (b) cdk8s | (c) yaml | a/b (≤ ${GOALS.meshOverCdk8s}) | a0/b | a/c (≤ ${GOALS.meshOverYaml}) | (a) per service | (a) growth vs previous size (≤ 1.1 × size ratio) | peak RSS a / b | RSS a/b (≤ ${GOALS.rssOverCdk8s}) |`,
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
rows.forEach((r, i) => {
  const prev = rows[i - 1];
  const factor = prev ? r.n / prev.n : 1;
  const growth = prev ? `${(r.mesh / prev.mesh).toFixed(1)}× for ${factor.toFixed(0)}× ${mark(r.mesh / prev.mesh <= (GOALS.growth / 10) * factor)}` : '—';
  lines.push(`| ${r.n.toLocaleString('en-US')} | ${r.objects.toLocaleString('en-US')} | ${ms(r.mesh)} | ${ms(r.noPacks)} | ${ms(r.cdk8s)} | ${ms(r.yaml)} `
    + `| ${ratio(r.mesh / r.cdk8s, GOALS.meshOverCdk8s)} | ${(r.noPacks / r.cdk8s).toFixed(2)}× | ${ratio(r.mesh / r.yaml, GOALS.meshOverYaml)} | ${(r.mesh / r.n).toFixed(2)} ms `
    + `| ${growth} | ${r.meshRss} / ${r.cdk8sRss} MB | ${ratio(r.meshRss / r.cdk8sRss, GOALS.rssOverCdk8s)} |`);
});
const matrixMs = median(engine.samples);
const x = engine.extra ?? {};
lines.push(
  '',
  '## Authorization engine',
  '',
  '| case | figure | goal |',
  '|---|---:|---:|',
  `| access matrix, ${engineServices.toLocaleString('en-US')} services, ${x.policies?.toLocaleString('en-US')} policies (median of 3, inventory included) | ${ms(matrixMs)} (${x.cells} cells) | ≤ ${ms(GOALS.matrixMs)} ${mark(matrixMs <= GOALS.matrixMs)} |`,
  `| one explain against the same (mean of ${x.explains}) | ${x.explainUs?.toFixed(0)} µs (${x.allowed} of ${x.explains} allowed) | ≤ ${GOALS.explainUs.toLocaleString('en-US')} µs ${mark((x.explainUs ?? Infinity) <= GOALS.explainUs)} |`,
  '',
  `node ${process.version} · ${os.cpus().length} cores · bench took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  '',
);
const report = lines.join('\n');
process.stdout.write(report);
if (sizes === DEFAULT_SIZES) {
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.md'), report);
} else {
  process.stderr.write('bench: a subset of sizes; bench/results/latest.md keeps the full run\n');
}
