// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the mtls area. */
export const MTLS_RULES: readonly MeshRule[] = [];
