// SPDX-License-Identifier: Apache-2.0
import { MODEL_BY_RISK } from './model-by-risk';
import type { MeshRule } from '../../rule';

/** Rules of the proxy-model area. */
export const PROXY_MODEL_RULES: readonly MeshRule[] = [MODEL_BY_RISK];
