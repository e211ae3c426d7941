// SPDX-License-Identifier: Apache-2.0

/** A compliance report file written at synth (all are built from one report model). */
export enum ReportFormat {
  /** `mesh-compliance.json`: every finding with rule metadata (schema version 1.0; fields are only added). */
  JSON = 'json',
  /** `mesh-compliance.sarif`: SARIF 2.1.0 for GitHub code scanning, with locations in the synthesized files. */
  SARIF = 'sarif',
  /** `mesh-compliance.md`: the compliance report per NIST recommendation, with the objects that are the evidence. */
  MARKDOWN = 'markdown',
  /** `mesh-compliance.csv`: one row per finding (rule, construct path, object, status, severity, reason, title). */
  CSV = 'csv',
}
