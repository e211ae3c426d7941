// SPDX-License-Identifier: Apache-2.0
/**
 * The access graph as a Mermaid flowchart (left to right), for Markdown files and pull
 * requests: one subgraph per namespace, a class per risk profile (fill) and per special
 * border, shapes per proxy model. Only the classic flowchart syntax is used, so GitHub,
 * GitLab and the Mermaid CLI all render it.
 */
import type { AccessGraph, GraphEdge, GraphNode } from './access-graph';
import { INK, NO_RISK_FILL, RISK_FILL, type LegendEntry, type NodeStyle } from './graph-style';

/** Mermaid class per fill and per non-solid border. */
const CLASS_DEFS: readonly (readonly [string, string])[] = [
  ['riskHigh', `fill:${RISK_FILL.high},stroke:${INK},color:${INK}`],
  ['riskMedium', `fill:${RISK_FILL.medium},stroke:${INK},color:${INK}`],
  ['riskLow', `fill:${RISK_FILL.low},stroke:${INK},color:${INK}`],
  ['noRisk', `fill:${NO_RISK_FILL},stroke:${INK},color:${INK}`],
  ['borderDouble', 'stroke-width:4px'],
  ['borderDashed', 'stroke-dasharray:6 4'],
  ['borderDotted', 'stroke-dasharray:2 3'],
  ['legendText', 'fill:none,stroke:none'],
];

/** Writes the graph as a Mermaid `flowchart LR`; the same graph always gives the same text. */
export function toMermaid(graph: AccessGraph): string {
  const lines: string[] = ['flowchart LR'];
  const classes = new Map<string, string[]>();
  const addClass = (id: string, name: string) => {
    const members = classes.get(name);
    if (members) members.push(id);
    else classes.set(name, [id]);
  };
  const addClasses = (id: string, style: NodeStyle) => classesOf(style).forEach((c) => addClass(id, c));
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const ns of graph.namespaces) {
    lines.push(`  subgraph ${ns.id} ["${escapeMermaid(`namespace ${ns.name}`)}"]`);
    for (const id of ns.nodes) lines.push(`    ${nodeLine(byId.get(id)!)}`);
    lines.push('  end');
  }
  for (const n of graph.nodes) if (n.namespace === undefined) lines.push(`  ${nodeLine(n)}`);
  for (const n of graph.nodes) addClasses(n.id, n.style);
  for (const e of graph.edges) lines.push(`  ${edgeLine(e)}`);
  if (graph.legend.length > 0) {
    lines.push('  subgraph legend ["Legend"]', '    direction TB');
    for (const entry of graph.legend) {
      lines.push(`    ${legendLine(entry)}`);
      if (entry.style) addClasses(entry.id, entry.style);
      else addClass(entry.id, 'legendText');
    }
    lines.push('  end');
  }
  for (const [name, def] of CLASS_DEFS) if (classes.has(name)) lines.push(`  classDef ${name} ${def}`);
  for (const [name] of CLASS_DEFS) if (classes.has(name)) lines.push(`  class ${classes.get(name)!.join(',')} ${name}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes text for a quoted Mermaid label: characters Mermaid would read as markup or as the
 * end of the label become decimal entity codes (`#34;` for `"`, `#35;` for `#`…); line breaks become `<br/>`.
 */
export function escapeMermaid(text: string): string {
  return text
    .replace(/[#"&<>|`]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(/\r?\n/g, '<br/>');
}

function nodeLine(n: GraphNode): string {
  return `${n.id}${shape(n.style, label(n.label))}`;
}

function legendLine(e: LegendEntry): string {
  return `${e.id}${e.style ? shape(e.style, label([e.label])) : `["${escapeMermaid(e.label)}"]`}`;
}

function edgeLine(e: GraphEdge): string {
  const arrow = e.access === 'always' ? '-->' : '-.->';
  return `${e.from} ${arrow}|"${label(e.label)}"| ${e.to}`;
}

function label(lines: readonly string[]): string {
  return lines.map(escapeMermaid).join('<br/>');
}

/** The node with its label in the bracket pair of its shape; the waypoint's rounded shape is a stadium. */
function shape(style: NodeStyle, text: string): string {
  switch (style.shape) {
    case 'rounded': return style.border === 'double' ? `(["${text}"])` : `("${text}")`;
    case 'hexagon': return `{{"${text}"}}`;
    case 'parallelogram': return `[/"${text}"/]`;
    case 'ellipse': return `>"${text}"]`;
    default: return `["${text}"]`;
  }
}

function classesOf(style: NodeStyle): string[] {
  const fill = style.fill === RISK_FILL.high ? 'riskHigh' : style.fill === RISK_FILL.medium ? 'riskMedium' : style.fill === RISK_FILL.low ? 'riskLow' : 'noRisk';
  const border = style.border === 'double' ? ['borderDouble'] : style.border === 'dashed' ? ['borderDashed'] : style.border === 'dotted' ? ['borderDotted'] : [];
  return [fill, ...border];
}
