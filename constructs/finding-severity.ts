// SPDX-License-Identifier: Apache-2.0

/**
 * Severity of a rule finding. Errors fail `cdk8s synth` (with the default `failOn`), warnings
 * are printed, informational notes appear only in the reports.
 */
export enum FindingSeverity {
  /** A note: compliant, but worth knowing (e.g. more proxy than the risk needs). */
  INFO = 'info',
  /** A gap worth fixing; printed at synth. */
  WARNING = 'warning',
  /** A violation; fails synth. */
  ERROR = 'error',
}
