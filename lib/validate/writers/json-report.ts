// SPDX-License-Identifier: Apache-2.0
import type { ComplianceReport } from '../report';

/** The report as JSON (the public schema, version in `schemaVersion`), ending with a newline. */
export function writeJsonReport(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
