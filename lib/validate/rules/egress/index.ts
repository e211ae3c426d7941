// SPDX-License-Identifier: Apache-2.0
import { EGRESS_GATEWAY_GUARDED } from './egress-gateway-guarded';
import { EXPLICIT_EXTERNAL_HOSTS } from './explicit-external-hosts';
import { EXTERNAL_RESILIENCE } from './external-resilience';
import { REGISTRY_ONLY_EGRESS } from './registry-only-egress';
import { SCOPED_PROXY_EGRESS } from './scoped-proxy-egress';
import type { MeshRule } from '../../rule';

/** Rules of the egress area. */
export const EGRESS_RULES: readonly MeshRule[] = [
  REGISTRY_ONLY_EGRESS, SCOPED_PROXY_EGRESS, EXPLICIT_EXTERNAL_HOSTS, EXTERNAL_RESILIENCE, EGRESS_GATEWAY_GUARDED,
];
