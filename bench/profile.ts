// SPDX-License-Identifier: Apache-2.0
/**
 * Synthesizes the benchmark mesh in this process and prints the build and synth time of each
 * run, for profiling: `npx tsx --cpu-prof --tsconfig tsconfig.dev.json bench/profile.ts 10000 1`
 * writes a `.cpuprofile` that Chrome DevTools opens. Arguments: services (default 1,000), runs
 * (default 3), and `--no-packs` to synthesize without rule packs.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { addBenchMesh } from './mesh-workload';

const [services = '1000', runs = '3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const compliance = process.argv.includes('--no-packs') ? { packs: [], reports: [] } : undefined;
for (let r = 0; r < Number(runs); r++) {
  let start = Date.now();
  const app = new App({ outdir: path.join(os.tmpdir(), 'cdk8s-mesh-profile') });
  addBenchMesh(app, Number(services), compliance);
  const build = Date.now() - start;
  start = Date.now();
  app.synth();
  console.log(`run ${r + 1}: build ${build} ms, synth ${Date.now() - start} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
