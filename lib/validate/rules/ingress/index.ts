// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the ingress area. */
export const INGRESS_RULES: readonly MeshRule[] = [];
