// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204 — Security Strategies for Microservices-based Application Systems (MS-SS). */
export const NIST800204: PackDefinition = {
  name: 'nist-800-204',
  version: '1',
  title: 'NIST SP 800-204 — Security Strategies for Microservices-based Application Systems (MS-SS)',
  rules: [],
};
