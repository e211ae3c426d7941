// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-207A — A Zero Trust Architecture Model for Access Control in Cloud-Native Applications. */
export const NIST800207A: PackDefinition = {
  name: 'nist-800-207a',
  version: '1',
  title: 'NIST SP 800-207A — A Zero Trust Architecture Model for Access Control in Cloud-Native Applications',
  rules: [
    { id: 'MESH-AUTHZ-02' },
    { id: 'MESH-AUTHZ-08' },
    { id: 'MESH-EU-02' },
    { id: 'MESH-MODEL-05' },
    { id: 'MESH-MTLS-01' },
    { id: 'MESH-MTLS-03' },
    { id: 'MESH-MTLS-05' },
    { id: 'MESH-MTLS-06' },
    { id: 'MESH-NET-01' },
    { id: 'MESH-TEL-04' },
    { id: 'MESH-TEL-05' },
  ],
};
