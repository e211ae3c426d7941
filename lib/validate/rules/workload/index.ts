// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the workload area. */
export const WORKLOAD_RULES: readonly MeshRule[] = [];
