// SPDX-License-Identifier: Apache-2.0
import { AMBIENT_L7_AT_WAYPOINT } from './ambient-l7-at-waypoint';
import { ENROLLED_DATA_PLANE } from './enrolled-data-plane';
import { HIGH_RISK_NAMED_CALLERS } from './high-risk-named-callers';
import { MODEL_BY_RISK } from './model-by-risk';
import { WAYPOINT_ANTI_BYPASS } from './waypoint-anti-bypass';
import type { MeshRule } from '../../rule';

/** Rules of the proxy-model area (SP 800-233). */
export const PROXY_MODEL_RULES: readonly MeshRule[] = [MODEL_BY_RISK, AMBIENT_L7_AT_WAYPOINT, WAYPOINT_ANTI_BYPASS, ENROLLED_DATA_PLANE, HIGH_RISK_NAMED_CALLERS];
