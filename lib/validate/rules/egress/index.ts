// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the egress area. */
export const EGRESS_RULES: readonly MeshRule[] = [];
