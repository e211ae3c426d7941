// SPDX-License-Identifier: Apache-2.0
import { ACCESS_LOGGING } from './access-logging';
import { LOG_FORMAT } from './log-format';
import { LOG_IRREGULAR_REQUESTS } from './log-irregular-requests';
import { REQUEST_METRICS_ON } from './request-metrics';
import { TRACING } from './tracing';
import type { MeshRule } from '../../rule';

/** Rules of the telemetry area. */
export const TELEMETRY_RULES: readonly MeshRule[] = [ACCESS_LOGGING, LOG_IRREGULAR_REQUESTS, LOG_FORMAT, REQUEST_METRICS_ON, TRACING];
