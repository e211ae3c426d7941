// SPDX-License-Identifier: Apache-2.0
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

describe('user mistakes in a cdk8s app', () => {
  it('print the message without library stack frames', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.bad-app-'));
    const app = path.join(dir, 'main.ts');
    fs.writeFileSync(app, [
      "import { App, Chart } from 'cdk8s';",
      `import { Mesh } from '${path.join(ROOT, 'index')}';`,
      "const chart = new Chart(new App({ outdir: '" + dir + "' }), 'shop');",
      "new Mesh(chart, 'mesh').addService('cart', { image: 'cart:1', ports: [{ port: 99999 }] });",
    ].join('\n'));
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', path.join(ROOT, 'tsconfig.dev.json'), app], { encoding: 'utf8', cwd: ROOT });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('MeshError: shop/mesh/cart: ports[0].port out of range 99999: expected an integer from 1 to 65535; fix: set ports[0].port to a valid port number');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
