// SPDX-License-Identifier: Apache-2.0
import { READINESS_PROBES } from './readiness-probes';
import { SERVICE_RESILIENCE } from './service-resilience';
import { TRAFFIC_SPLITS } from './traffic-splits';
import type { MeshRule } from '../../rule';

/** Rules of the resilience area. */
export const RESILIENCE_RULES: readonly MeshRule[] = [SERVICE_RESILIENCE, READINESS_PROBES, TRAFFIC_SPLITS];
