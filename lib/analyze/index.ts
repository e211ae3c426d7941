// SPDX-License-Identifier: Apache-2.0
/** The public shapes of the authorization engine (requests, decisions, the access matrix and diff). */
export * from './authz/types';
