// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Public sources: what index.ts re-exports (constructs, patterns, the index of each lib folder), minus private helpers. */
function publicSources(): string[] {
  const out: string[] = [];
  const rootIndex = fs.readFileSync(path.join(ROOT, 'index.ts'), 'utf8');
  for (const [, lib] of rootIndex.matchAll(/export \* from '\.\/(lib\/[^']+)'/g)) {
    const index = fs.readFileSync(path.join(ROOT, lib, 'index.ts'), 'utf8');
    for (const [, file] of index.matchAll(/export \* from '\.\/([^']+)'/g)) out.push(path.join(ROOT, lib, `${file}.ts`));
  }
  for (const dir of ['constructs', 'patterns']) {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs)) if (f.endsWith('.ts') && f !== 'index.ts') out.push(path.join(abs, f));
  }
  return out.sort();
}

function jsDocOf(node: ts.Node): ts.JSDoc[] {
  return (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isHidden(node: ts.Node): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : [];
  if (mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) return true;
  const name = (node as { name?: ts.Node }).name;
  if (name && ts.isPrivateIdentifier(name)) return true;
  return jsDocOf(node).some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'internal'));
}

/** Missing TSDoc on exported symbols and their public members; optional props without @default. */
function problems(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const rel = path.relative(ROOT, file);
  const found: string[] = [];
  const docOf = (node: ts.Node, what: string) => {
    if (jsDocOf(node).length === 0) found.push(`${rel}: ${what} has no TSDoc`);
  };
  for (const stmt of sf.statements) {
    if (!isExported(stmt)) continue;
    const name = (stmt as { name?: ts.Identifier }).name?.text ?? '?';
    docOf(stmt, name);
    if (ts.isInterfaceDeclaration(stmt)) {
      for (const m of stmt.members) {
        if (isHidden(m)) continue;
        const member = `${name}.${m.name?.getText(sf)}`;
        docOf(m, member);
        if (ts.isPropertySignature(m) && m.questionToken) {
          const hasDefault = jsDocOf(m).some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'default'));
          if (!hasDefault) found.push(`${rel}: optional ${member} has no @default`);
        }
      }
    }
    if (ts.isClassDeclaration(stmt)) {
      for (const m of stmt.members) {
        if (isHidden(m) || ts.isConstructorDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) continue;
        const memberName = m.name?.getText(sf) ?? '';
        if (memberName.startsWith('_')) continue;
        // Implementations of documented interface members inherit their docs.
        if (ts.isMethodDeclaration(m) && memberName === 'toPeerConfig') continue;
        docOf(m, `${name}.${memberName}`);
      }
    }
    if (ts.isEnumDeclaration(stmt)) {
      for (const m of stmt.members) docOf(m, `${name}.${m.name.getText(sf)}`);
    }
  }
  for (const text of [sf.getFullText()]) {
    if (/@default undefined/.test(text)) found.push(`${rel}: "@default undefined" says nothing; describe the behaviour`);
  }
  return found;
}

describe('public API documentation', () => {
  const files = publicSources();
  it('covers the public sources', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.some((f) => f.endsWith(path.join('lib', 'conform', 'conformance.ts')))).toBe(true);
  });
  it('documents every exported symbol and public member, and every optional prop has @default', () => {
    expect(files.flatMap(problems)).toEqual([]);
  });
});
