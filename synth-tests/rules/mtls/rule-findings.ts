// SPDX-License-Identifier: Apache-2.0
/**
 * Runs one rule through the engine, so tests of the mtls and workload areas can assert what
 * the report shows: severity after risk tightening, and suppression by a recorded exception.
 */
import { inventoryOf } from '../harness';
import type { InventoryOptions } from '../../../lib/analyze/inventory';
import { evaluate } from '../../../lib/validate/engine';
import type { Finding } from '../../../lib/validate/report';
import type { MeshRule } from '../../../lib/validate/rule';

/** The report's findings of `rule` over the objects of `yaml`. */
export function findings(rule: MeshRule, yaml: string, options?: InventoryOptions): readonly Finding[] {
  const report = evaluate({
    inventory: inventoryOf(yaml, options),
    packs: [{ name: 'test', version: '1', title: 'test pack', rules: [{ id: rule.id }] }],
    rules: new Map([[rule.id, rule]]),
    tool: { name: 'test', version: '0' },
  });
  return report.findings;
}
