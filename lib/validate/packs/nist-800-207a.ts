// SPDX-License-Identifier: Apache-2.0
import type { PackDefinition } from '../pack';

/** NIST SP 800-207A — A Zero Trust Architecture Model for Access Control in Cloud-Native Applications. */
export const NIST800207A: PackDefinition = {
  name: 'nist-800-207a',
  version: '1',
  title: 'NIST SP 800-207A — A Zero Trust Architecture Model for Access Control in Cloud-Native Applications',
  rules: [],
};
