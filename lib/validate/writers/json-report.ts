// SPDX-License-Identifier: Apache-2.0
import type { ComplianceReport } from '../report';

/** Fields written one element per line. */
const LISTS = new Set(['rules', 'findings']);

/**
 * The report as JSON (the public schema, version in `schemaVersion`), ending with a newline.
 * Small fields are indented; each rule and each finding is one line, so the report of a mesh of
 * thousands of services is half the size of a fully indented one and still diffs line by line.
 */
export function writeJsonReport(report: ComplianceReport): string {
  const fields = Object.entries(report).map(([key, value]) => {
    const text = LISTS.has(key) && Array.isArray(value) && value.length > 0
      ? `[\n${value.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`
      : JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    return `  ${JSON.stringify(key)}: ${text}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}
