// SPDX-License-Identifier: Apache-2.0
import { L3_SEGMENTATION } from './l3-segmentation';
import type { MeshRule } from '../../rule';

/** Rules of the network area. */
export const NETWORK_RULES: readonly MeshRule[] = [L3_SEGMENTATION];
