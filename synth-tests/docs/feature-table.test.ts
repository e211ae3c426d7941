// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureSupportMarkdown } from '../../lib/compile/feature-table';

describe('README feature × proxy-model table', () => {
  it('matches the capability data (regenerate with `npx projen features-doc`)', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('<!-- feature-table:start');
    const end = readme.indexOf('<!-- feature-table:end -->');
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(readme.indexOf('\n', start) + 1, end);
    expect(block).toBe(featureSupportMarkdown());
  });

  it('lists every model the library compiles', () => {
    const header = featureSupportMarkdown().split('\n')[0];
    for (const model of ['sidecar', 'ambient (ztunnel)', 'ambient + waypoint']) expect(header).toContain(model);
  });
});
