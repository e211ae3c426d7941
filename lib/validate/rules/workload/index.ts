// SPDX-License-Identifier: Apache-2.0
import { DECLARED_PORT_PROTOCOLS } from './declared-port-protocols';
import { DEDICATED_SERVICE_ACCOUNT } from './dedicated-service-account';
import { INTERNAL_SERVICES } from './internal-services';
import { NO_HOST_PATH } from './no-host-path';
import { NO_PRIVILEGE_ESCALATION } from './no-privilege-escalation';
import { PROXY_RESOURCE_LIMITS } from './proxy-resource-limits';
import { READ_ONLY_ROOT_FILESYSTEM } from './read-only-root-filesystem';
import { RUN_AS_NON_ROOT } from './run-as-non-root';
import type { MeshRule } from '../../rule';

/** Rules of the workload area. */
export const WORKLOAD_RULES: readonly MeshRule[] = [
  RUN_AS_NON_ROOT, NO_HOST_PATH, READ_ONLY_ROOT_FILESYSTEM, NO_PRIVILEGE_ESCALATION,
  DEDICATED_SERVICE_ACCOUNT, DECLARED_PORT_PROTOCOLS, INTERNAL_SERVICES, PROXY_RESOURCE_LIMITS,
];
