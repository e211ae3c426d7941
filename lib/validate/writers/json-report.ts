// SPDX-License-Identifier: Apache-2.0
import { joinText } from './text-chunks';
import type { ComplianceReport } from '../report';

/** Fields written one element per line. */
const LISTS = new Set(['rules', 'findings']);

/**
 * The report as JSON (the public schema, version in `schemaVersion`), ending with a newline.
 * Small fields are indented; each rule and each finding is one line, so the report of a mesh of
 * thousands of services is half the size of a fully indented one and still diffs line by line.
 */
export function writeJsonReport(report: ComplianceReport): string {
  return joinText(jsonReportText(report));
}

/** The JSON report in pieces (see `writeJsonReport`). */
export function* jsonReportText(report: ComplianceReport): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(report)) {
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (LISTS.has(key) && Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(value[i])}`;
      yield '\n  ]';
    } else {
      yield JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    }
  }
  yield '\n}\n';
}
