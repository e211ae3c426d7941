// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../lib/cli/main';
import { BAD_YAML, FIXTURES, INVALID_MANIFESTS, VALID_MANIFESTS, WIDGET_CRD } from './fixtures';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cdk8s-mesh conform', () => {
  test('exit 0 and the summary line when everything conforms', async () => {
    const r = await cli('conform', '--crds', WIDGET_CRD, VALID_MANIFESTS);
    expect(r).toEqual({ code: 0, out: ['3 objects, 0 errors, 7 CEL rules evaluated, 1 skipped'], err: [] });
  });

  test('exit 1 with one line per error: file:line, kind/name, path, message, rule', async () => {
    const r = await cli('conform', '--crds', path.dirname(WIDGET_CRD), INVALID_MANIFESTS);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${INVALID_MANIFESTS}:1: Widget/both-refs (namespace shop): spec: only one of selector or targetRef can be set `
        + '(rule: !(has(self.selector) && has(self.targetRef)))',
      `${INVALID_MANIFESTS}:9: Deployment/widget (namespace shop): spec.template.spec.containers[0].colour: unknown field "colour"`,
      '2 objects, 2 errors, 3 CEL rules evaluated, 1 skipped',
    ]);
    expect(r.err).toEqual([]);
  });

  test('without --crds, custom kinds have no schema', async () => {
    const r = await cli('conform', VALID_MANIFESTS);
    expect(r.code).toBe(1);
    expect(r.out[0]).toContain('Widget/small-widget (namespace shop): <root>: no schema for kind Widget in group test.cdk8s-mesh.dev; pass its CRD with --crds');
    expect(r.out.at(-1)).toBe('3 objects, 1 errors, 0 CEL rules evaluated, 0 skipped');
  });

  test('--skip-group lists the objects it does not check and leaves them out of the count', async () => {
    const r = await cli('conform', '--skip-group', 'test.cdk8s-mesh.dev', VALID_MANIFESTS);
    expect(r.code).toBe(0);
    expect(r.out.filter((l) => l.startsWith('not checked (--skip-group test.cdk8s-mesh.dev): '))).toHaveLength(1);
    expect(r.out[0]).toContain('Widget/small-widget (namespace shop)');
    expect(r.out.at(-1)).toBe('2 objects, 0 errors, 0 CEL rules evaluated, 0 skipped');
  });

  test('exit 2 with one clear line for unreadable input', async () => {
    expect(await cli('conform', '--crds', WIDGET_CRD, path.join(FIXTURES, 'nope.yaml'))).toEqual({
      code: 2, out: [], err: [`cdk8s-mesh: cannot read ${path.join(FIXTURES, 'nope.yaml')}: no such file or directory`],
    });
    const bad = await cli('conform', '--crds', WIDGET_CRD, BAD_YAML);
    expect(bad.code).toBe(2);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(/^cdk8s-mesh: bad YAML in .*bad\.yaml:4:1: /);
    expect(await cli('conform', '--crds', VALID_MANIFESTS, VALID_MANIFESTS)).toMatchObject({
      code: 2, err: [`cdk8s-mesh: no CustomResourceDefinition found in ${VALID_MANIFESTS}`],
    });
  });

  test('exit 2 on bad usage', async () => {
    const r = await cli('conform');
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["error: missing required argument 'manifests'"]);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  test('runs as a script from sources (tsx), exit code and output intact', () => {
    const root = path.resolve(__dirname, '../..');
    let status = 0;
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'lib/cli/main.ts',
        'conform', '--crds', WIDGET_CRD, INVALID_MANIFESTS], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      status = (e as { status: number }).status;
      stdout = (e as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(stdout.trim().split('\n').at(-1)).toBe('2 objects, 2 errors, 3 CEL rules evaluated, 1 skipped');
  });
});
