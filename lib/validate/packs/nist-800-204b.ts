// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204B — Attribute-based Access Control for Microservices-based Applications Using a Service Mesh. */
export const NIST800204B: PackDefinition = {
  name: 'nist-800-204b',
  version: '1',
  title: 'NIST SP 800-204B — Attribute-based Access Control for Microservices-based Applications Using a Service Mesh',
  rules: [],
};
