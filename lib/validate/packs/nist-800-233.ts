// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-233 — Service Mesh Proxy Models for Cloud-Native Applications. */
export const NIST800233: PackDefinition = {
  name: 'nist-800-233',
  version: '1',
  title: 'NIST SP 800-233 — Service Mesh Proxy Models for Cloud-Native Applications',
  rules: [
    { id: 'MESH-MODEL-01' },
    { id: 'MESH-MODEL-02' },
    { id: 'MESH-MODEL-03' },
    { id: 'MESH-MODEL-04' },
  ],
};
