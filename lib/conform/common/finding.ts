// SPDX-License-Identifier: Apache-2.0
import { ConformanceErrorType } from '../conformance-error';

/**
 * One problem found in one object, before it is tagged with the object's identity.
 * Internal to lib/conform.
 */
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly type: ConformanceErrorType;
  readonly rule?: string;
  readonly reason?: string;
}

/**
 * Counters a validator adds to while it runs.
 */
export interface CelCounters {
  evaluated: number;
  skipped: number;
}
