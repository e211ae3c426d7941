// SPDX-License-Identifier: Apache-2.0
import Ajv from 'ajv';
import { KUBERNETES_FORMATS } from './formats';

/**
 * An ajv instance for schemas made by `toJsonSchema`: every error reported, values kept
 * in errors for messages, Go-style regular expressions (no `u` flag), and the Kubernetes
 * string formats.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    unicodeRegExp: false,
    validateSchema: false,
    logger: false,
  });
  for (const [name, validate] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}
