// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the end-user area. */
export const END_USER_RULES: readonly MeshRule[] = [];
