// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the telemetry area. */
export const TELEMETRY_RULES: readonly MeshRule[] = [];
