// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run bench`: synthesis cost of cdk8s-mesh as the mesh grows. Each case runs in this
 * process, medians of 5 runs after one warm-up; figures are reported as ratios so they hold
 * on a noisy machine. Results go to stdout and bench/results/latest.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import { HttpMethod, Match, Mesh, PortProtocol, type MeshService } from 'cdk8s-mesh';
import { engineWorkload } from './engine-workload';
import { Inventory } from '../lib/analyze/inventory';
import { AuthorizationEngine } from '../lib/analyze/authz/engine';
import { accessMatrix } from '../lib/analyze/authz/matrix';

/** A mesh of `n` services in 10 namespaces; service i admits i-1 (GET /api/*) and i-2 (any). */
export function buildMesh(n: number): App {
  const app = new App({ outdir: '/tmp/cdk8s-mesh-bench' });
  const chart = new Chart(app, 'bench');
  const mesh = new Mesh(chart, 'mesh');
  const services: MeshService[] = [];
  for (let i = 0; i < n; i++) {
    const svc = mesh.addService(`svc-${i}`, {
      image: `registry.example/svc-${i}:1`,
      namespace: `team-${i % 10}`,
      ports: [{ port: 8080, protocol: PortProtocol.HTTP }, { port: 9000, protocol: PortProtocol.TCP }],
    });
    if (i >= 1) svc.allowFrom(services[i - 1], { methods: [HttpMethod.GET], paths: [Match.prefix('/api/')] });
    if (i >= 2) svc.allowFrom(services[i - 2], { ports: [9000] });
    services.push(svc);
  }
  return app;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(n: number, runs: number): number {
  const samples: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const start = process.hrtime.bigint();
    buildMesh(n).synthYaml();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r > 0) samples.push(ms); // run 0 warms up
  }
  return median(samples);
}

const sizes = [100, 1000];
const rows = sizes.map((n) => ({ n, ms: time(n, 5) }));
const lines = [
  '| services | synth (median of 5) | per service | growth vs previous size |',
  '|---:|---:|---:|---:|',
  ...rows.map((r, i) => `| ${r.n} | ${r.ms.toFixed(0)} ms | ${(r.ms / r.n).toFixed(2)} ms | ${i === 0 ? '—' : `${(r.ms / rows[i - 1].ms).toFixed(1)}× for ${r.n / rows[i - 1].n}× services`} |`),
  '',
  `peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB · node ${process.version}`,
];
/** The engine on 2,000 services and 10,000 policies: the access matrix, and one explain. */
function engineFigures(): string[] {
  const objects = engineWorkload(2000).map((object) => ({ object }));
  const policies = objects.filter((o) => (o.object as { kind: string }).kind === 'AuthorizationPolicy').length;
  const matrixMs: number[] = [];
  let cells = 0;
  for (let r = 0; r <= 3; r++) {
    const start = process.hrtime.bigint();
    const inventory = Inventory.fromObjects(objects);
    const engine = AuthorizationEngine.fromInventory(inventory);
    cells = accessMatrix(engine, inventory).cells.length;
    if (r > 0) matrixMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const inventory = Inventory.fromObjects(objects);
  const engine = AuthorizationEngine.fromInventory(inventory);
  const request = (i: number) => ({
    id: `r${i}`,
    source: { workload: `team-${(i + 1) % 20}/svc-${(i + 1) % 2000}` },
    destination: { service: `svc-${i % 2000}`, namespace: `team-${i % 20}`, port: 8080 },
    http: { method: 'GET', path: '/api/items' },
  });
  for (let i = 0; i < 200; i++) engine.decide(request(i)); // warm up
  const n = 5000;
  const start = process.hrtime.bigint();
  let allowed = 0;
  for (let i = 0; i < n; i++) if (engine.decide(request(i)).decision === 'ALLOW') allowed++;
  const perExplain = Number(process.hrtime.bigint() - start) / 1e6 / n;
  return [
    '',
    '## Authorization engine',
    '',
    '| case | figure | goal |',
    '|---|---:|---:|',
    `| access matrix, 2,000 services, ${policies.toLocaleString('en-US')} policies (median of 3, incl. inventory) | ${median(matrixMs).toFixed(0)} ms (${cells} cells) | ≤ 2,000 ms |`,
    `| one explain against the same (mean of ${n}) | ${(perExplain * 1000).toFixed(0)} µs (${allowed} of ${n} allowed) | ≤ 1,000 µs |`,
  ];
}

lines.push(...engineFigures());
const report = ['# cdk8s-mesh synth benchmark', '', ...lines, ''].join('\n');
console.log(report);
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'results', 'latest.md'), report);
