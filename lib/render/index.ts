// SPDX-License-Identifier: Apache-2.0
/**
 * Pictures of the access matrix: the access graph and its Mermaid, DOT and SVG renderings.
 */
export * from './access-graph';
export * from './dot';
export * from './graph-style';
export * from './mermaid';
export * from './svg';
