// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Source files of the package, relative to the root, with their static imports resolved. */
function graph(): Map<string, string[]> {
  const files: string[] = ['index.ts'];
  const walk = (dir: string) => {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(rel);
    }
  };
  ['lib', 'constructs', 'patterns'].forEach(walk);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    edges.set(file, targets.map((t) => (t.startsWith('.') ? resolve(file, t) : `pkg:${t}`)));
  }
  return edges;
}

function resolve(from: string, spec: string): string {
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return base;
}

describe('architecture (DESIGN.md: data flows one way)', () => {
  const edges = graph();

  it('keeps lib/ free of constructs/ and patterns/', () => {
    const bad = [...edges].flatMap(([f, ts]) => (f.startsWith('lib/') ? ts.filter((t) => /^(constructs|patterns)\//.test(t)).map((t) => `${f} → ${t}`) : []));
    expect(bad).toEqual([]);
  });

  it('keeps lib/model free of cdk8s, constructs and the other layers (Node built-ins only)', () => {
    const bad = [...edges].flatMap(([f, ts]) => (f.startsWith('lib/model/') ? ts.filter((t) => !t.startsWith('lib/model/') && !t.startsWith('pkg:node:')).map((t) => `${f} → ${t}`) : []));
    expect(bad).toEqual([]);
  });

  it('keeps lib/compile on the model only (no cdk8s)', () => {
    const bad = [...edges].flatMap(([f, ts]) => (f.startsWith('lib/compile/') ? ts.filter((t) => !/^lib\/(model|compile)\//.test(t)).map((t) => `${f} → ${t}`) : []));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of edges.get(f) ?? []) {
        if (!edges.has(t)) continue;
        if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    [...edges.keys()].sort().forEach((f) => state.has(f) || visit(f));
    expect(cycles).toEqual([]);
  });
});
