// SPDX-License-Identifier: Apache-2.0
import { RULES_TITLE } from './rule-titles';
import type { ComplianceReport } from '../report';

const COLUMNS = ['ruleId', 'constructPath', 'kind', 'namespace', 'name', 'file', 'line', 'compliance', 'severity', 'risk', 'exceptionReason', 'message', 'ruleTitle'];

/** One row per finding, RFC 4180 quoting. */
export function writeCsvReport(report: ComplianceReport): string {
  const title = RULES_TITLE(report);
  const rows = report.findings.map((f) => [
    f.ruleId, f.subject.constructPath ?? '', f.subject.kind, f.subject.namespace ?? '', f.subject.name, f.subject.file ?? '',
    f.subject.line === undefined ? '' : String(f.subject.line), f.status, f.severity, f.risk, f.reason ?? f.suppressionRefused ?? '', f.message, title(f.ruleId),
  ]);
  return [COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
