// SPDX-License-Identifier: Apache-2.0
/**
 * The access graph in Graphviz DOT: a cluster per namespace, left-to-right layout, fills and
 * shapes from graph-style.ts. Fonts and sizes are fixed so the layout (and the SVG rendered
 * from it) is the same on every machine.
 */
import type { AccessGraph, GraphEdge, GraphNode } from './access-graph';
import { INK, type LegendEntry, type NodeStyle } from './graph-style';

/** Options of `toDot`. */
export interface DotOptions {
  /**
   * Up to this many arrows, arrow texts are laid out as part of the graph (`label`: nothing
   * overlaps); beyond, they are placed after layout (`xlabel`: they may overlap, but each
   * inline label is one more node to rank and place, and the layout time explodes: one run,
   * 250 arrows took 7 s inline and 0.2 s placed after, 1,000 arrows 0.5 s placed after).
   * @default 150
   */
  readonly inlineLabelLimit?: number;
}

/** Writes the graph as a DOT `digraph`; the same graph always gives the same text. */
export function toDot(graph: AccessGraph, options: DotOptions = {}): string {
  // Inline labels need the global ranking (`newrank`), without which Graphviz fails to route
  // some arrows between clusters; placed-after labels need neither, and that layout is fast.
  const inline = graph.edges.length <= (options.inlineLabelLimit ?? 150);
  const labelAttribute = inline ? 'label' : 'xlabel';
  const lines: string[] = [
    'digraph access {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.3, ranksep=0.9, ${inline ? 'newrank=true, ' : ''}labeljust=l];`,
    `  node [fontname="Helvetica", fontsize=11, color="${INK}", fontcolor="${INK}", margin="0.15,0.06"];`,
    `  edge [fontname="Helvetica", fontsize=9, color="${INK}", fontcolor="${INK}"];`,
  ];
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const ns of graph.namespaces) {
    lines.push(`  subgraph ${quote(`cluster_${ns.id}`)} {`, `    label=${quote(`namespace ${ns.name}`)};`, '    style=rounded;');
    for (const id of ns.nodes) lines.push(`    ${nodeStatement(byId.get(id)!)}`);
    lines.push('  }');
  }
  for (const n of graph.nodes) if (n.namespace === undefined) lines.push(`  ${nodeStatement(n)}`);
  for (const e of graph.edges) lines.push(`  ${edgeStatement(e, labelAttribute)}`);
  if (graph.legend.length > 0) {
    lines.push('  subgraph "cluster_legend" {', '    label="Legend";', '    style=dashed;', '    fontsize=10;');
    lines.push(...legendStatements(graph.legend).map((l) => `    ${l}`));
    lines.push('  }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Quotes a DOT string: backslashes and double quotes escaped, line breaks as `\n` (centred lines). */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function nodeStatement(n: GraphNode): string {
  return `${quote(n.id)} [${attributes({ id: n.id, label: n.label.join('\n'), ...styleAttributes(n.style) })}];`;
}

function edgeStatement(e: GraphEdge, labelAttribute: 'label' | 'xlabel'): string {
  return `${quote(e.from)} -> ${quote(e.to)} [${attributes({ [labelAttribute]: e.label.join('\n'), ...(e.access === 'conditional' ? { style: 'dashed' } : {}) })}];`;
}

/**
 * The legend, one entry under the other in reading order (Graphviz stacks the nodes of one
 * rank bottom-up in a left-to-right layout, so they are written last first); arrow entries
 * are words, which read better than a one-rank-long sample arrow.
 */
function legendStatements(entries: readonly LegendEntry[]): string[] {
  return [...entries].reverse().map((e) => `${quote(e.id)} [${attributes({
    id: e.id,
    label: e.label,
    ...(e.style ? styleAttributes(e.style) : { shape: 'plaintext' }),
    fontsize: '9',
    height: '0.3',
  })}];`);
}

function styleAttributes(s: NodeStyle): Record<string, string> {
  const styles = ['filled'];
  if (s.shape === 'rounded') styles.push('rounded');
  if (s.border === 'dashed' || s.border === 'dotted') styles.push(s.border);
  return {
    shape: s.shape === 'rounded' ? 'box' : s.shape,
    style: styles.join(','),
    fillcolor: s.fill,
    ...(s.border === 'double' ? { peripheries: '2' } : {}),
  };
}

function attributes(a: Record<string, string>): string {
  return Object.entries(a).map(([k, v]) => `${k}=${quote(v)}`).join(', ');
}
