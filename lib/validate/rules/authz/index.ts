// SPDX-License-Identifier: Apache-2.0
import { AUTHORIZER_CHANNEL } from './authorizer-channel';
import { DEFAULT_DENY } from './default-deny';
import { EXPLICIT_ACTION_AND_TARGET } from './explicit-action-and-target';
import { EXPLICIT_METHODS } from './explicit-methods';
import { GATEWAY_GUARDED } from './gateway-guarded';
import { NAMED_SOURCES } from './named-sources';
import { OPERATION_CONSTRAINED } from './operation-constrained';
import { WORKLOAD_ALLOW_POLICY } from './workload-allow-policy';
import type { MeshRule } from '../../rule';

/** Rules of the authz area. */
export const AUTHZ_RULES: readonly MeshRule[] = [
  DEFAULT_DENY, WORKLOAD_ALLOW_POLICY, NAMED_SOURCES, OPERATION_CONSTRAINED, EXPLICIT_METHODS, EXPLICIT_ACTION_AND_TARGET,
  GATEWAY_GUARDED, AUTHORIZER_CHANNEL,
];
