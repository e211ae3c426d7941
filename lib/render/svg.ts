// SPDX-License-Identifier: Apache-2.0
/**
 * The access graph as SVG, laid out in-process by Graphviz compiled to WebAssembly
 * (@viz-js/viz): no `dot` binary, no network. Graphviz's layout is deterministic and the
 * WebAssembly build measures text with built-in font metrics, so the same graph gives the
 * same SVG on every machine (for one @viz-js/viz version).
 */
import type { AccessGraph } from './access-graph';
import { type DotOptions, toDot } from './dot';

/** The part of @viz-js/viz used here. */
interface VizInstance {
  renderString(input: string, options: { format: string; engine: string }): string;
}

let viz: Promise<VizInstance> | undefined;

/** One Graphviz instance per process (instantiating the WebAssembly module takes 50–200 ms). */
function graphviz(): Promise<VizInstance> {
  // A dynamic import: @viz-js/viz is an ES module with a CommonJS build, and both load this way.
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return viz;
}

/** Renders DOT text to SVG with the `dot` layout; throws with Graphviz's message on invalid DOT. */
export async function renderDotToSvg(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
}

/**
 * Renders the access graph as an SVG document. Beyond `inlineLabelLimit` arrows the arrow
 * texts are placed after layout, which keeps large graphs fast (see `DotOptions`).
 */
export async function renderSvg(graph: AccessGraph, options: DotOptions = {}): Promise<string> {
  return renderDotToSvg(toDot(graph, options));
}
