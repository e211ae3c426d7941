// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../analyze/manifest-object';
import type { ComplianceReport, Finding } from '../report';
import { SEVERITIES, type Severity } from '../rule';

/** Options of the console table. */
export interface ConsoleReportOptions {
  /** Findings at least this severe are listed. @default 'warning' */
  readonly minSeverity?: Severity;
  /** Also list suppressed findings with their reasons. @default false */
  readonly showSuppressed?: boolean;
}

/**
 * The open findings as a table a terminal reads — severity, rule, object, construct path —
 * each followed by its message and fix, then one summary line.
 */
export function writeConsoleReport(report: ComplianceReport, options: ConsoleReportOptions = {}): string {
  const limit = SEVERITIES.indexOf(options.minSeverity ?? 'warning');
  const fixes = new Map(report.rules.map((r) => [r.id, r.fix]));
  const shown = report.findings.filter((f) => (f.status === 'non-compliant' && SEVERITIES.indexOf(f.severity) <= limit) || (options.showSuppressed === true && f.status === 'suppressed'));
  const rows = shown.map((f) => [label(f), f.ruleId, describeRef(f.subject), where(f)]);
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((r) => r[i].length)));
  const lines: string[] = [];
  shown.forEach((f, i) => {
    const row = rows[i];
    lines.push(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`.trimEnd());
    lines.push(`    ${f.message}`);
    if (f.status === 'suppressed') lines.push(`    suppressed: ${f.reason}`);
    else {
      if (f.suppressionRefused) lines.push(`    ${f.suppressionRefused}`);
      lines.push(`    fix: ${fixes.get(f.ruleId) ?? ''}`);
    }
  });
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** `2 errors, 1 warning, 3 notes, 4 suppressed, 120 compliant (41 rules, 60 objects)`. */
export function summaryLine(report: ComplianceReport): string {
  const s = report.summary;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(s.errors, 'error', 'errors')}, ${n(s.warnings, 'warning', 'warnings')}, ${n(s.infos, 'note', 'notes')}, ${s.suppressed} suppressed, ${s.compliant} compliant (${n(s.rules, 'rule', 'rules')}, ${n(s.objects, 'object', 'objects')})`;
}

function label(f: Finding): string {
  return f.status === 'suppressed' ? 'SUPPRESSED' : f.severity === 'info' ? 'NOTE' : f.severity.toUpperCase();
}

function where(f: Finding): string {
  if (f.subject.constructPath) return f.subject.constructPath;
  if (f.subject.file) return f.subject.line === undefined ? f.subject.file : `${f.subject.file}:${f.subject.line}`;
  return '(not in the manifests)';
}
