// SPDX-License-Identifier: Apache-2.0
/**
 * cdk8s-mesh: a zero-trust service mesh as code on cdk8s (NIST SP 800-204A/B, 800-207A, 800-233).
 * @packageDocumentation
 */
export * from './constructs';
export * from './lib/conform';
export * from './lib/analyze';
export * from './lib/validate';
