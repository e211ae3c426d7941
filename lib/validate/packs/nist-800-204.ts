// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204 — Security Strategies for Microservices-based Application Systems (MS-SS). */
export const NIST800204: PackDefinition = {
  name: 'nist-800-204',
  version: '1',
  title: 'NIST SP 800-204 — Security Strategies for Microservices-based Application Systems (MS-SS)',
  rules: [
    { id: 'MESH-AUTHZ-01' },
    { id: 'MESH-AUTHZ-04' },
    { id: 'MESH-AUTHZ-07' },
    { id: 'MESH-EU-01' },
    { id: 'MESH-EU-02' },
    { id: 'MESH-EU-03' },
    { id: 'MESH-EU-04' },
    { id: 'MESH-ING-02' },
    { id: 'MESH-MTLS-01' },
    { id: 'MESH-MTLS-02' },
    { id: 'MESH-NET-01' },
    { id: 'MESH-RES-01' },
    { id: 'MESH-RES-02' },
    { id: 'MESH-RES-03' },
    { id: 'MESH-TEL-01' },
    { id: 'MESH-TEL-04' },
    { id: 'MESH-WL-07' },
    { id: 'MESH-WL-08' },
  ],
};
