// SPDX-License-Identifier: Apache-2.0
import { RULES_TITLE } from './rule-titles';
import { joinText } from './text-chunks';
import type { ComplianceReport } from '../report';

const COLUMNS = ['ruleId', 'constructPath', 'kind', 'namespace', 'name', 'file', 'line', 'compliance', 'severity', 'risk', 'exceptionReason', 'message', 'ruleTitle'];

/** One row per finding, RFC 4180 quoting. */
export function writeCsvReport(report: ComplianceReport): string {
  return joinText(csvReportText(report));
}

/** The CSV report in pieces, one row each (see `writeCsvReport`). */
export function* csvReportText(report: ComplianceReport): Generator<string> {
  const title = RULES_TITLE(report);
  const row = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;
  yield row(COLUMNS);
  for (const f of report.findings) {
    yield row([
      f.ruleId, f.subject.constructPath ?? '', f.subject.kind, f.subject.namespace ?? '', f.subject.name, f.subject.file ?? '',
      f.subject.line === undefined ? '' : String(f.subject.line), f.status, f.severity, f.risk, f.reason ?? f.suppressionRefused ?? '', f.message, title(f.ruleId),
    ]);
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
