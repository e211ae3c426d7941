// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the extensions area. */
export const EXTENSIONS_RULES: readonly MeshRule[] = [];
