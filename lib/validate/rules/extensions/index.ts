// SPDX-License-Identifier: Apache-2.0
import { SAFE_EXTENSIONS } from './safe-extensions';
import type { MeshRule } from '../../rule';

/** Rules of the extensions area. */
export const EXTENSIONS_RULES: readonly MeshRule[] = [SAFE_EXTENSIONS];
