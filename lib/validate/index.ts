// SPDX-License-Identifier: Apache-2.0
/** The public parts of the rule engine: the cdk8s-cli validation plugin. */
export * from './cdk8s-plugin';
