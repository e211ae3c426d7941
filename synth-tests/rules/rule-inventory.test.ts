// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATIONS, RECOMMENDATIONS_BY_ID } from '../../lib/validate/catalog';
import { PACKS } from '../../lib/validate/packs';
import { ALL_RULES } from '../../lib/validate/rules';
import { rulesMarkdown } from '../../lib/validate/rules-doc';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('rule inventory', () => {
  it('gives every rule a unique, stable-looking id and complete metadata', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^MESH-[A-Z]+-\d{2}$/);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.title, r.id).not.toMatch(/\.$/);
      expect(r.rationale.length, r.id).toBeGreaterThan(40);
      expect(r.fix.length, r.id).toBeGreaterThan(20);
      expect(r.recommendations.length, r.id).toBeGreaterThan(0);
      for (const rec of r.recommendations) expect(RECOMMENDATIONS_BY_ID.has(rec), `${r.id} cites unknown recommendation ${rec}`).toBe(true);
    }
  });

  it('registers every rule file of lib/validate/rules (none is silently left out)', () => {
    const sources = filesUnder(path.join(ROOT, 'lib/validate/rules')).filter((f) => f.endsWith('.ts') && !f.endsWith('index.ts'));
    const declared = sources.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/id: '(MESH-[A-Z]+-\d{2})'/g)].map((m) => m[1]));
    expect(declared.sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it('puts every rule in at least one pack, and packs list only known rules', () => {
    const inPacks = new Set(Object.values(PACKS).flatMap((p) => p.rules.map((x) => x.id)));
    expect(ALL_RULES.filter((r) => !inPacks.has(r.id)).map((r) => r.id)).toEqual([]);
    const known = new Set(ALL_RULES.map((r) => r.id));
    expect([...inPacks].filter((id) => !known.has(id))).toEqual([]);
  });

  it('has a rule test per rule, with Compliance and Noncompliance cases', () => {
    const tests = filesUnder(path.join(ROOT, 'synth-tests')).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(f, 'utf8'));
    const missing = ALL_RULES.filter((r) => !tests.some((t) => t.includes(`describe('${r.id}: `) && /it\('Compliance/.test(t) && /it\('Noncompliance/.test(t)));
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it('covers every NIST recommendation of the catalog by a rule, or says why it is attested manually', () => {
    const covered = new Set(ALL_RULES.flatMap((r) => r.recommendations));
    expect(RECOMMENDATIONS).toHaveLength(74);
    expect(RECOMMENDATIONS.filter((x) => !covered.has(x.id) && x.attest === undefined).map((x) => x.id)).toEqual([]);
  });

  it('keeps RULES.md in sync with the rule metadata (npx projen rules-doc)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'RULES.md'), 'utf8')).toBe(rulesMarkdown());
  });
});
