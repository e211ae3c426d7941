// SPDX-License-Identifier: Apache-2.0
/**
 * One benchmark case in its own process (so its peak RSS is its own):
 * `case.ts <variant> <services> <runs> <objects.json>` prints one JSON line of samples.
 *
 * - `mesh`: cdk8s-mesh builds the mesh and synthesizes it with the default rule packs, then
 *   writes the final objects to `objects.json` for the other variants (after the timed runs);
 * - `mesh-no-packs`: the same without rule packs and reports (what the SDK itself costs);
 * - `cdk8s`: the same objects as raw `ApiObject`s in one chart, synthesized by cdk8s;
 * - `yaml`: the same objects serialized by the `yaml` package alone, written to one file;
 * - `engine`: the authorization engine on `<services>` services (access matrix, explain).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { engineWorkload } from './engine-workload';
import { addBenchMesh } from './mesh-workload';
import { AuthorizationEngine } from '../lib/analyze/authz/engine';
import { accessMatrix } from '../lib/analyze/authz/matrix';
import { Inventory } from '../lib/analyze/inventory';

/** What a case prints. */
export interface CaseResult {
  readonly variant: string;
  readonly services: number;
  /** Milliseconds per timed run (the warm-up excluded). */
  readonly samples: number[];
  /** Peak resident set size of the process, MB. */
  readonly peakRssMb: number;
  readonly objects?: number;
  readonly extra?: Record<string, number>;
}

const OUTDIR = path.join(os.tmpdir(), 'cdk8s-mesh-bench');

/** Whether a first, untimed run warms the JIT up (`WARMUP=0` skips it where one run takes seconds). */
const WARMUP = process.env.WARMUP !== '0';

/** Runs `body` `runs` times timed, after a warm-up run; once, untimed, when `runs` is 0. */
function timed(runs: number, body: () => void): number[] {
  const samples: number[] = [];
  if (runs === 0 || WARMUP) body();
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    body();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function meshCase(variant: string, n: number, runs: number, objectsFile: string): CaseResult {
  const compliance = variant === 'mesh-no-packs' ? { packs: [], reports: [] } : undefined;
  let last: Chart | undefined;
  const samples = timed(runs, () => {
    const app = new App({ outdir: path.join(OUTDIR, variant) });
    last = addBenchMesh(app, n, compliance);
    app.synth();
  });
  const peak = peakRssMb();
  if (objectsFile === '') return { variant, services: n, samples, peakRssMb: peak };
  const objects = last!.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson() as unknown);
  fs.writeFileSync(objectsFile, JSON.stringify(objects));
  return { variant, services: n, samples, peakRssMb: peak, objects: objects.length };
}

function rawCdk8sCase(n: number, runs: number, objectsFile: string): CaseResult {
  const objects = JSON.parse(fs.readFileSync(objectsFile, 'utf8')) as { apiVersion: string; kind: string }[];
  const samples = timed(runs, () => {
    const app = new App({ outdir: path.join(OUTDIR, 'cdk8s') });
    const chart = new Chart(app, 'bench');
    objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
    app.synth();
  });
  return { variant: 'cdk8s', services: n, samples, peakRssMb: peakRssMb(), objects: objects.length };
}

function yamlCase(n: number, runs: number, objectsFile: string): CaseResult {
  const objects = JSON.parse(fs.readFileSync(objectsFile, 'utf8')) as unknown[];
  fs.mkdirSync(OUTDIR, { recursive: true });
  const samples = timed(runs, () => {
    fs.writeFileSync(path.join(OUTDIR, 'yaml.k8s.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  });
  return { variant: 'yaml', services: n, samples, peakRssMb: peakRssMb(), objects: objects.length };
}

/** The access matrix over the engine workload (inventory included), and single explains. */
function engineCase(n: number, runs: number): CaseResult {
  const objects = engineWorkload(n).map((object) => ({ object }));
  const policies = objects.filter((o) => (o.object as { kind: string }).kind === 'AuthorizationPolicy').length;
  let cells = 0;
  const samples = timed(runs, () => {
    const inventory = Inventory.fromObjects(objects);
    cells = accessMatrix(AuthorizationEngine.fromInventory(inventory), inventory).cells.length;
  });
  const inventory = Inventory.fromObjects(objects);
  const engine = AuthorizationEngine.fromInventory(inventory);
  const namespaces = 20;
  const request = (i: number) => ({
    id: `r${i}`,
    source: { workload: `team-${(i + 1) % namespaces}/svc-${(i + 1) % n}` },
    destination: { service: `svc-${i % n}`, namespace: `team-${i % namespaces}`, port: 8080 },
    http: { method: 'GET', path: '/api/items' },
  });
  for (let i = 0; i < 200; i++) engine.decide(request(i)); // warm up
  const explains = 5000;
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < explains; i++) if (engine.decide(request(i)).decision === 'ALLOW') allowed++;
  const explainUs = Number(process.hrtime.bigint() - start) / 1e3 / explains;
  return { variant: 'engine', services: n, samples, peakRssMb: peakRssMb(), extra: { policies, cells, explainUs, explains, allowed } };
}

const [variant, services, runs, objectsFile] = process.argv.slice(2);
const n = Number(services);
const r = Number(runs);
const result = variant === 'mesh' || variant === 'mesh-no-packs' ? meshCase(variant, n, r, objectsFile ?? '')
  : variant === 'cdk8s' ? rawCdk8sCase(n, r, objectsFile)
    : variant === 'yaml' ? yamlCase(n, r, objectsFile)
      : variant === 'engine' ? engineCase(n, r)
        : undefined;
if (!result) {
  process.stderr.write(`unknown variant ${variant}: expected mesh, mesh-no-packs, cdk8s, yaml or engine\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
