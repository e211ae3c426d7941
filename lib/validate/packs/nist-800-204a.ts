// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-204A — Building Secure Microservices-based Applications Using Service-Mesh Architecture (SM-DR). */
export const NIST800204A: PackDefinition = {
  name: 'nist-800-204a',
  version: '1',
  title: 'NIST SP 800-204A — Building Secure Microservices-based Applications Using Service-Mesh Architecture (SM-DR)',
  rules: [],
};
