// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the resilience area. */
export const RESILIENCE_RULES: readonly MeshRule[] = [];
