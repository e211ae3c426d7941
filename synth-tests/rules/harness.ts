// SPDX-License-Identifier: Apache-2.0
/**
 * Test harness for rules: runs one rule over YAML text (or plain objects) and returns its
 * outcomes in a form tests assert on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Inventory, type InventoryOptions } from '../../lib/analyze/inventory';
import { describeRef } from '../../lib/analyze/manifest-object';
import type { MeshModel } from '../../lib/model/mesh-model';
import type { MeshRule, Outcome } from '../../lib/validate/rule';

/** An inventory of the objects in `yaml` (multi-document). */
export function inventoryOf(yaml: string, options?: InventoryOptions): Inventory {
  const objects = parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  return Inventory.fromObjects(objects.map((object) => ({ object })), options);
}

/** Runs `rule` over the objects of `yaml`. */
export function check(rule: MeshRule, yaml: string, options?: InventoryOptions & { model?: MeshModel }): readonly Outcome[] {
  const inventory = inventoryOf(yaml, options);
  return rule.check({ inventory, ...(options?.model ? { model: options.model } : {}) });
}

/** Runs `rule` over a corpus file of synth-tests/rules/corpus/. */
export function checkCorpus(rule: MeshRule, file: string, options?: InventoryOptions): readonly Outcome[] {
  return check(rule, fs.readFileSync(path.join(__dirname, 'corpus', file), 'utf8'), options);
}

/** `compliant Kind ns/name` / `non-compliant Kind ns/name`, sorted: what a test usually asserts. */
export function verdicts(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((o) => `${o.compliant ? 'compliant' : 'non-compliant'} ${describeRef(o.subject)}`).sort();
}

/** The non-compliant outcomes. */
export function violations(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter((o) => !o.compliant);
}
