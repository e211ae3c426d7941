// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204A — Building Secure Microservices-based Applications Using Service-Mesh Architecture (SM-DR). */
export const NIST800204A: PackDefinition = {
  name: 'nist-800-204a',
  version: '1',
  title: 'NIST SP 800-204A — Building Secure Microservices-based Applications Using Service-Mesh Architecture (SM-DR)',
  rules: [
    { id: 'MESH-AUTHZ-01' },
    { id: 'MESH-EGRESS-01' },
    { id: 'MESH-EGRESS-02' },
    { id: 'MESH-EGRESS-03' },
    { id: 'MESH-EGRESS-04' },
    { id: 'MESH-EGRESS-05' },
    { id: 'MESH-EXT-01' },
    { id: 'MESH-ING-01' },
    { id: 'MESH-ING-02' },
    { id: 'MESH-ING-03' },
    { id: 'MESH-MTLS-01' },
    { id: 'MESH-MTLS-02' },
    { id: 'MESH-MTLS-03' },
    { id: 'MESH-MTLS-04' },
    { id: 'MESH-MTLS-05' },
    { id: 'MESH-MTLS-06' },
    { id: 'MESH-RES-01' },
    { id: 'MESH-RES-02' },
    { id: 'MESH-TEL-01' },
    { id: 'MESH-TEL-02' },
    { id: 'MESH-TEL-03' },
    { id: 'MESH-TEL-04' },
    { id: 'MESH-TEL-05' },
    { id: 'MESH-WL-05' },
    { id: 'MESH-WL-06' },
  ],
};
