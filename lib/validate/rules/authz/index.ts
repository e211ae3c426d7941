// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the authz area. */
export const AUTHZ_RULES: readonly MeshRule[] = [];
