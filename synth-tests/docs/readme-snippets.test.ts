// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Every ```ts block of the README, compiled as its own module against the package sources. */
describe('README snippets', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('has snippets to check', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it('type-checks every snippet', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.readme-snippets-'));
    try {
      const files = snippets.map((code, i) => {
        const file = path.join(dir, `snippet-${i}.ts`);
        fs.writeFileSync(file, `${code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: ['node'],
        paths: { 'cdk8s-mesh': [path.join(ROOT, 'index.ts')] },
      });
      const problems = ts.getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
        .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
