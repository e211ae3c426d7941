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

  it('has a rule test per rule, with Compliance, Noncompliance and NotApplicable cases', () => {
    const tests = filesUnder(path.join(ROOT, 'synth-tests')).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(f, 'utf8'));
    const missing = ALL_RULES.filter((r) => !tests.some((t) => t.includes(`describe('${r.id}: `) && /it\('Compliance/.test(t) && /it\('Noncompliance/.test(t) && /it\('NotApplicable/.test(t)));
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  // A pack never gets stricter within its version: changing one of these lists means a new pack version.
  it.each([
    ['nist-800-204', '1', ['MESH-AUTHZ-01', 'MESH-AUTHZ-04', 'MESH-AUTHZ-07', 'MESH-EU-01', 'MESH-EU-02', 'MESH-EU-03', 'MESH-EU-04', 'MESH-ING-02', 'MESH-MTLS-01', 'MESH-MTLS-02', 'MESH-NET-01', 'MESH-RES-01', 'MESH-RES-02', 'MESH-RES-03', 'MESH-TEL-01', 'MESH-TEL-04', 'MESH-WL-07', 'MESH-WL-08']],
    ['nist-800-204a', '1', ['MESH-AUTHZ-01', 'MESH-EGRESS-01', 'MESH-EGRESS-02', 'MESH-EGRESS-03', 'MESH-EGRESS-04', 'MESH-EGRESS-05', 'MESH-EXT-01', 'MESH-ING-01', 'MESH-ING-02', 'MESH-ING-03', 'MESH-MTLS-01', 'MESH-MTLS-02', 'MESH-MTLS-03', 'MESH-MTLS-04', 'MESH-MTLS-05', 'MESH-MTLS-06', 'MESH-RES-01', 'MESH-RES-02', 'MESH-TEL-01', 'MESH-TEL-02', 'MESH-TEL-03', 'MESH-TEL-04', 'MESH-TEL-05', 'MESH-WL-05', 'MESH-WL-06']],
    ['nist-800-204b', '1', ['MESH-AUTHZ-01', 'MESH-AUTHZ-02', 'MESH-AUTHZ-03', 'MESH-AUTHZ-04', 'MESH-AUTHZ-05', 'MESH-AUTHZ-06', 'MESH-AUTHZ-07', 'MESH-AUTHZ-08', 'MESH-EU-01', 'MESH-EU-02', 'MESH-EU-03', 'MESH-MODEL-03', 'MESH-MODEL-04', 'MESH-MODEL-05', 'MESH-MTLS-01', 'MESH-MTLS-02', 'MESH-MTLS-04', 'MESH-MTLS-05', 'MESH-TEL-01', 'MESH-WL-01', 'MESH-WL-02', 'MESH-WL-03', 'MESH-WL-04']],
    ['nist-800-207a', '1', ['MESH-AUTHZ-02', 'MESH-AUTHZ-08', 'MESH-EU-02', 'MESH-MODEL-05', 'MESH-MTLS-01', 'MESH-MTLS-03', 'MESH-MTLS-05', 'MESH-MTLS-06', 'MESH-NET-01', 'MESH-TEL-04', 'MESH-TEL-05']],
    ['nist-800-233', '1', ['MESH-MODEL-01', 'MESH-MODEL-02', 'MESH-MODEL-03', 'MESH-MODEL-04']],
  ])('pins the rules of %s@%s', (name, version, ids) => {
    const pack = Object.values(PACKS).find((p) => p.name === name)!;
    expect(pack.version).toBe(version);
    expect(pack.rules.map((r) => r.id)).toEqual(ids);
    expect(pack.rules.every((r) => r.severity === undefined)).toBe(true);
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
