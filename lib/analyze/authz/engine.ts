// SPDX-License-Identifier: Apache-2.0
/**
 * The authorization engine's entry point: the engine, its options and input error, and the
 * requests file reader of DESIGN.md decision 10.
 */
export { AuthorizationEngine, type AuthorizationEngineOptions } from './authorization-engine';
export { AuthzInputError } from './authz-input-error';
export { parseRequests, readRequestsFile } from './requests-file';
