// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/**
 * Istio authorization semantics: the traps of istio-authz-semantics.md §b8 that a static check
 * decides, where a policy silently does less, more or other than it says. `cdk8s-mesh lint`
 * runs this pack alone. Besides the MESH-SEM rules (one per trap) it lists the rules that
 * already decided a trap before the pack existed: MESH-MODEL-02 (traps 7 and 8: L7 attributes,
 * CUSTOM and AUDIT at ztunnel), MESH-MODEL-03 (trap 11: waypoint bypass) and MESH-EU-02
 * (traps 15 and 24: token conditions without a RequestAuthentication, JWT rules on proxyless gRPC).
 */
export const ISTIO_SEMANTICS: PackDefinition = {
  name: 'istio-semantics',
  version: '1',
  title: 'Istio authorization semantics — policies that do what they say (istio-authz-semantics §b8)',
  rules: [
    { id: 'MESH-EU-02' },
    { id: 'MESH-MODEL-02' },
    { id: 'MESH-MODEL-03' },
    { id: 'MESH-SEM-01' },
    { id: 'MESH-SEM-02' },
    { id: 'MESH-SEM-03' },
    { id: 'MESH-SEM-04' },
    { id: 'MESH-SEM-05' },
    { id: 'MESH-SEM-06' },
    { id: 'MESH-SEM-07' },
    { id: 'MESH-SEM-08' },
    { id: 'MESH-SEM-09' },
    { id: 'MESH-SEM-10' },
    { id: 'MESH-SEM-11' },
    { id: 'MESH-SEM-12' },
    { id: 'MESH-SEM-13' },
    { id: 'MESH-SEM-14' },
    { id: 'MESH-SEM-15' },
    { id: 'MESH-SEM-16' },
    { id: 'MESH-SEM-17' },
    { id: 'MESH-SEM-18' },
    { id: 'MESH-SEM-19' },
  ],
};
