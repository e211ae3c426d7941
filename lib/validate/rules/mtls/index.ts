// SPDX-License-Identifier: Apache-2.0
import { CONNECTION_LIFETIME } from './connection-lifetime';
import { MESH_HOSTS_ISTIO_MUTUAL } from './mesh-hosts-istio-mutual';
import { MESH_WIDE_STRICT_MTLS } from './mesh-wide-strict-mtls';
import { NO_WEAKENED_MTLS } from './no-weakened-mtls';
import { ORIGINATION_VERIFIES_SERVER } from './origination-verifies-server';
import { SHORT_LIVED_CERTIFICATES } from './short-lived-certificates';
import type { MeshRule } from '../../rule';

/** Rules of the mtls area. */
export const MTLS_RULES: readonly MeshRule[] = [
  MESH_WIDE_STRICT_MTLS, NO_WEAKENED_MTLS, MESH_HOSTS_ISTIO_MUTUAL, ORIGINATION_VERIFIES_SERVER, SHORT_LIVED_CERTIFICATES, CONNECTION_LIFETIME,
];
