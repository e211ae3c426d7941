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
const report = ['# cdk8s-mesh synth benchmark', '', ...lines, ''].join('\n');
console.log(report);
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'results', 'latest.md'), report);
