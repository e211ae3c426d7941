// SPDX-License-Identifier: Apache-2.0
import { CORS_SAFE } from './cors-safe';
import { GATEWAY_TLS } from './gateway-tls';
import { GATEWAYS_HAVE_ROUTES } from './gateways-have-routes';
import type { MeshRule } from '../../rule';

/** Rules of the ingress area. */
export const INGRESS_RULES: readonly MeshRule[] = [GATEWAYS_HAVE_ROUTES, GATEWAY_TLS, CORS_SAFE];
