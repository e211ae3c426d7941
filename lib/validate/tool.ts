// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The tool named in reports: this package and its version (from its package.json). */
export const TOOL: { readonly name: string; readonly version: string } = { name: 'cdk8s-mesh', version: packageVersion() };

function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'cdk8s-mesh') return pkg.version ?? '0.0.0';
      } catch {
        // not ours; keep looking
      }
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
