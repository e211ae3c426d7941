// SPDX-License-Identifier: Apache-2.0
/**
 * The one report model every writer reads (console table, JSON, SARIF, Markdown, the
 * cdk8s-cli plugin adapter). Its JSON form is public API: fields are only ever added.
 */
import type { ObjectRef } from '../analyze/manifest-object';
import type { RiskLevel } from '../model/mesh-model';
import type { Severity } from './rule';

/** Version of the report's JSON schema. */
export const REPORT_SCHEMA_VERSION = '1.0';

/** The state of one finding. */
export type FindingStatus = 'compliant' | 'non-compliant' | 'suppressed';

/** One result of one rule on one object. */
export interface Finding {
  readonly ruleId: string;
  readonly status: FindingStatus;
  /** Effective severity (pack override and risk tightening applied). */
  readonly severity: Severity;
  /** What is wrong, or for a compliant finding, the evidence. */
  readonly message: string;
  readonly subject: ObjectRef;
  /** The subject's risk profile. */
  readonly risk: RiskLevel;
  /** Suppressed: the reason given with the suppression. */
  readonly reason?: string;
  /** Where the suppression came from: a construct, an annotation, or an SDK exception. */
  readonly suppressedBy?: 'construct' | 'annotation' | 'exception';
  /** Non-compliant although suppressed: why the suppression was refused. */
  readonly suppressionRefused?: string;
}

/** A rule as the report describes it. */
export interface ReportedRule {
  readonly id: string;
  readonly title: string;
  readonly rationale: string;
  readonly fix: string;
  /** Default severity in the packs that ran (the most severe if packs differ). */
  readonly severity: Severity;
  readonly recommendations: readonly string[];
  readonly controls: readonly string[];
  readonly target: 'model' | 'manifest';
  /** Packs (name@version) that include the rule. */
  readonly packs: readonly string[];
  /** False when the check found nothing it applies to. */
  readonly applicable: boolean;
}

/** A pack that ran. */
export interface ReportedPack {
  readonly name: string;
  readonly version: string;
  readonly title: string;
}

/** Finding counts. */
export interface ReportSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly compliant: number;
  /** Rules that ran. */
  readonly rules: number;
  /** Objects checked. */
  readonly objects: number;
}

/** The result of one evaluation. */
export interface ComplianceReport {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly packs: readonly ReportedPack[];
  readonly rules: readonly ReportedRule[];
  /** Sorted: non-compliant by severity, then suppressed, then compliant; then rule id, file, line, object. */
  readonly findings: readonly Finding[];
  readonly summary: ReportSummary;
}

/** Non-compliant findings of `severity` (or of any severity). */
export function openFindings(report: ComplianceReport, severity?: Severity): Finding[] {
  return report.findings.filter((f) => f.status === 'non-compliant' && (severity === undefined || f.severity === severity));
}
