// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204B — Attribute-based Access Control for Microservices-based Applications Using a Service Mesh. */
export const NIST800204B: PackDefinition = {
  name: 'nist-800-204b',
  version: '1',
  title: 'NIST SP 800-204B — Attribute-based Access Control for Microservices-based Applications Using a Service Mesh',
  rules: [
    { id: 'MESH-AUTHZ-01' },
    { id: 'MESH-AUTHZ-02' },
    { id: 'MESH-AUTHZ-03' },
    { id: 'MESH-AUTHZ-04' },
    { id: 'MESH-AUTHZ-05' },
    { id: 'MESH-AUTHZ-06' },
    { id: 'MESH-AUTHZ-07' },
    { id: 'MESH-AUTHZ-08' },
    { id: 'MESH-EU-01' },
    { id: 'MESH-EU-02' },
    { id: 'MESH-EU-03' },
    { id: 'MESH-MODEL-03' },
    { id: 'MESH-MODEL-04' },
    { id: 'MESH-MODEL-05' },
    { id: 'MESH-MTLS-01' },
    { id: 'MESH-MTLS-02' },
    { id: 'MESH-MTLS-04' },
    { id: 'MESH-MTLS-05' },
    { id: 'MESH-TEL-01' },
    { id: 'MESH-WL-01' },
    { id: 'MESH-WL-02' },
    { id: 'MESH-WL-03' },
    { id: 'MESH-WL-04' },
  ],
};
