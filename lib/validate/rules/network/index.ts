// SPDX-License-Identifier: Apache-2.0
import type { MeshRule } from '../../rule';

/** Rules of the network area. */
export const NETWORK_RULES: readonly MeshRule[] = [];
