// SPDX-License-Identifier: Apache-2.0
export * from './conformance';
export * from './conformance-error';
export * from './conformance-report';
export * from './manifest-document';
export * from './manifest-reader';
