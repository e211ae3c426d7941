// SPDX-License-Identifier: Apache-2.0
import { GATEWAY_KEEPS_TOKENS } from './gateway-keeps-tokens';
import { JWT_RULES_COMPLETE } from './jwt-rules-complete';
import { TOKENS_VALIDATED_WHERE_REQUIRED } from './tokens-validated-where-required';
import { USER_FACING_REQUIRES_END_USER } from './user-facing-requires-end-user';
import type { MeshRule } from '../../rule';

/** Rules of the end-user area. */
export const END_USER_RULES: readonly MeshRule[] = [
  JWT_RULES_COMPLETE, TOKENS_VALIDATED_WHERE_REQUIRED, USER_FACING_REQUIRES_END_USER, GATEWAY_KEEPS_TOKENS,
];
