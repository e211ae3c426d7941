// SPDX-License-Identifier: Apache-2.0
import type { FindingSeverity } from './finding-severity';
import type { ReportFormat } from './report-format';
import type { RulePack } from './rule-pack';

/**
 * How a mesh checks itself at synth: the rule packs that run over the final objects of the
 * whole app (including raw ApiObjects and JSON patches), what fails the synth, and which
 * reports are written.
 */
export interface MeshComplianceOptions {
  /**
   * Rule packs to run.
   *
   * @default RulePack.defaults() (every NIST pack and the Istio semantics pack)
   */
  readonly packs?: RulePack[];
  /**
   * Open findings of this severity or worse fail `cdk8s synth` with the rule id, construct
   * path, object, message and fix.
   *
   * @default FindingSeverity.ERROR
   */
  readonly failOn?: FindingSeverity;
  /**
   * Report files to write.
   *
   * @default [ReportFormat.JSON, ReportFormat.SARIF, ReportFormat.MARKDOWN]
   */
  readonly reports?: ReportFormat[];
  /**
   * Directory the reports are written to; relative paths are relative to the app's `outdir`.
   *
   * @default 'compliance' (inside the app's outdir, next to the manifests)
   */
  readonly reportDirectory?: string;
  /**
   * Print open errors and warnings to stderr at synth.
   *
   * @default true
   */
  readonly printFindings?: boolean;
}
