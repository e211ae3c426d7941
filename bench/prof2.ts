import { App } from 'cdk8s';
import { addBenchMesh } from './mesh-workload';
const n = Number(process.argv[2] ?? 1000);
for (let r = 0; r < Number(process.argv[3] ?? 3); r++) {
  let t = Date.now();
  const app = new App({ outdir: '/tmp/bench-prof' });
  addBenchMesh(app, n);
  const b = Date.now() - t; t = Date.now();
  app.synth();
  console.log('build', b, 'synth', Date.now() - t, (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MB');
}
