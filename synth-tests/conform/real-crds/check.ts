// SPDX-License-Identifier: Apache-2.0
/**
 * Checks `lib/conform` against the real CRDs (not part of `npm test`, which must pass
 * without them): every CEL rule compiles, every served schema compiles, the hand-written
 * objects in valid.yaml pass and each object in invalid.yaml gets the error named in its
 * `conform.test/expect` annotation.
 *
 * Usage: npx tsx synth-tests/conform/real-crds/check.ts [crds dir, default ../shared/crds]
 */
import * as path from 'node:path';
import { Conformance, ManifestReader } from '../../../lib/conform';

const ROOT = path.resolve(__dirname, '../../..');
const EXPECT = 'conform.test/expect';

async function main(): Promise<number> {
  const crds = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'crds'));
  const failures: string[] = [];
  let t = performance.now();
  const conformance = Conformance.fromFiles([crds]);
  const kinds = conformance.customResourceKinds;
  const rules = conformance.celRuleCount;
  const compileErrors = conformance.celRuleCompileErrors;
  console.log(`${kinds.length} served CRD versions, ${rules} CEL rules, ${compileErrors.length} do not compile `
    + `(${(performance.now() - t).toFixed(0)} ms)`);
  failures.push(...compileErrors.map((e) => `rule does not compile: ${e}`));

  t = performance.now();
  const minimal = kinds.map((k) => {
    const [apiVersion, kind] = k.split(' ');
    return { apiVersion, kind, metadata: { name: 'x', namespace: 'x' }, spec: {} };
  });
  await conformance.validate(minimal);
  console.log(`${kinds.length} schemas compiled (${(performance.now() - t).toFixed(0)} ms)`);

  const valid = await conformance.validateFiles([path.join(__dirname, 'valid.yaml')]);
  console.log(`valid.yaml: ${valid.objects} objects, ${valid.errors.length} errors, `
    + `${valid.celRulesEvaluated} CEL rules evaluated, ${valid.celRulesSkipped} skipped`);
  failures.push(...valid.errors.map((e) => `valid.yaml:${e.line}: ${e.kind}/${e.name}: ${e.path}: ${e.message}`));

  const docs = ManifestReader.readFiles([path.join(__dirname, 'invalid.yaml')]);
  const invalid = await conformance.validateDocuments(docs);
  console.log(`invalid.yaml: ${invalid.objects} objects, ${invalid.errors.length} errors, `
    + `${invalid.celRulesEvaluated} CEL rules evaluated, ${invalid.celRulesSkipped} skipped`);
  for (const d of docs) {
    const expected: string = d.object.metadata.annotations[EXPECT];
    const got = invalid.errors.filter((e) => e.line === d.line).map((e) => `${e.path}: ${e.message}`);
    if (!got.some((g) => g.includes(expected))) {
      failures.push(`invalid.yaml:${d.line}: expected "${expected}", got ${JSON.stringify(got)}`);
    }
  }

  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(failures.length === 0 ? 'real CRDs: ok' : `real CRDs: ${failures.length} failures`);
  return failures.length === 0 ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
}, (e: Error) => {
  console.error(`check: ${e.message}`);
  process.exitCode = 2;
});
