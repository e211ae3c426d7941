// SPDX-License-Identifier: Apache-2.0
import type { ComplianceReport } from '../report';

/** A lookup of rule titles by id for one report. */
export function RULES_TITLE(report: ComplianceReport): (id: string) => string {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  return (id) => titles.get(id) ?? id;
}
