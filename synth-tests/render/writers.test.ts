// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { AccessMatrix } from '../../lib/analyze/authz/types';
import { accessGraph } from '../../lib/render/access-graph';
import { quote, toDot } from '../../lib/render/dot';
import { escapeMermaid, toMermaid } from '../../lib/render/mermaid';
import { renderDotToSvg, renderSvg } from '../../lib/render/svg';
import { MESH_YAML, app, cell, dest, inventoryOf, meshMatrix, namespace, sa } from './fixtures';
import { checkXml, svgGroups } from './xml-check';

const inventory = inventoryOf(MESH_YAML);
const graph = accessGraph(meshMatrix(), inventory);

/** Three nodes: web → cart always, plaintext → web on GET /. */
function tiny(options = { legend: false }) {
  const inv = inventoryOf([namespace('shop', { 'istio-injection': 'enabled' }), app('shop', 'web'), app('shop', 'cart')].join('---\n'));
  const m: AccessMatrix = {
    sources: [{ principal: 'plaintext', workloads: [] }, { principal: sa('shop', 'web'), workloads: ['shop/web'] }],
    destinations: [dest('shop', 'cart', 8080), dest('shop', 'web', 8080)],
    cells: [cell('plaintext', dest('shop', 'web', 8080), ['GET /']), cell(sa('shop', 'web'), dest('shop', 'cart', 8080))],
  };
  return accessGraph(m, inv, options);
}

/** Odd names: quotes, markup, Mermaid and DOT metacharacters, a Mermaid keyword. */
const ODD = 'td/ns/"q"/sa/<b>|#1;`x` \\N & end';
function odd() {
  const inv = inventoryOf([namespace('x.y', {}), app('x.y', 'end')].join('---\n'));
  return accessGraph({ sources: [{ principal: ODD, workloads: [] }], destinations: [dest('x.y', 'end', 8080)], cells: [cell(ODD, dest('x.y', 'end', 8080), ['GET /a|b "q" <script>'])] }, inv);
}

describe('toMermaid', () => {
  it('writes a 3-node flowchart', () => {
    expect(toMermaid(tiny())).toBe(`flowchart LR
  subgraph ns_shop ["namespace shop"]
    svc_shop__cart["cart<br/>high risk / sidecar"]
    svc_shop__web["web<br/>high risk / sidecar"]
  end
  src_plaintext>"plaintext peers<br/>no mesh identity"]
  svc_shop__web -->|"8080/http"| svc_shop__cart
  src_plaintext -.->|"8080/http: GET /"| svc_shop__web
  classDef riskHigh fill:#D55E00,stroke:#000000,color:#000000
  classDef noRisk fill:#FFFFFF,stroke:#000000,color:#000000
  classDef borderDashed stroke-dasharray:6 4
  class svc_shop__cart,svc_shop__web riskHigh
  class src_plaintext noRisk
  class src_plaintext borderDashed
`);
  });

  it('has a subgraph per namespace, a node line per node, an arrow per edge and a class per risk in use', () => {
    const text = toMermaid(graph);
    expect(text.match(/^ {2}subgraph ns_/gm)).toHaveLength(graph.namespaces.length);
    expect(text.match(/^ {2}\w+ -(?:->|\.->)\|/gm)).toHaveLength(graph.edges.length);
    expect(text.match(/^ {2}classDef risk\w+ /gm)).toEqual(['  classDef riskHigh ', '  classDef riskMedium ', '  classDef riskLow ']);
    for (const n of graph.nodes) expect(text).toMatch(new RegExp(`^ +${n.id}[\\[({>]`, 'm'));
    expect(text).toMatch(/^ {2}class [\w,]*svc_pay__payments[\w,]* borderDouble$/m);
  });

  it('draws each proxy model with its own shape', () => {
    const text = toMermaid(graph);
    expect(text).toMatch(/^ {4}svc_shop__web\["web<br\/>/m);
    expect(text).toMatch(/^ {4}svc_edge__proxy\("proxy<br\/>.*"\)$/m);
    expect(text).toMatch(/^ {4}svc_pay__payments\(\["payments<br\/>.*"\]\)$/m);
    expect(text).toMatch(/^ {4}svc_cil__catalog\{\{"catalog<br\/>.*"\}\}$/m);
    expect(text).toMatch(/^ {4}svc_grpc__ledger\[\/"ledger<br\/>.*"\/\]$/m);
    expect(text).toMatch(/^ {2}src_any>"any authenticated peer \(\*\)"\]$/m);
  });

  it('writes the legend as a subgraph with its own classes', () => {
    const text = toMermaid(tiny({ legend: true }));
    expect(text).toContain('  subgraph legend ["Legend"]\n    direction TB\n    legend_risk_high["high risk"]\n');
    expect(text).toMatch(/^ {4}legend_edge_conditional\["dashed arrow: only the requests listed on it"\]$/m);
    expect(text).toMatch(/^ {2}class legend_edge_always,legend_edge_conditional legendText$/m);
  });

  it('escapes odd names into entity codes and never breaks a label', () => {
    expect(escapeMermaid('a"b#c<d>e|f`g&h\ni')).toBe('a#34;b#35;c#60;d#62;e#124;f#96;g#38;h<br/>i');
    const text = toMermaid(odd());
    expect(text).toContain('peer_td_ns__q__sa__b___1__x___N___end>"td/ns/#34;q#34;/sa/#60;b#62;#124;#35;1;#96;x#96; \\N #38; end"]');
    expect(text).toContain('-.->|"8080/http: GET /a#124;b #34;q#34; #60;script#62;"| svc_x_y__end');
    for (const line of text.split('\n').filter((l) => l.includes('"'))) expect(line.match(/"/g)!.length % 2).toBe(0);
  });

  it('is deterministic', () => {
    const m = meshMatrix();
    const again = accessGraph({ sources: [...m.sources].reverse(), destinations: m.destinations, cells: [...m.cells].reverse() }, inventoryOf(MESH_YAML));
    expect(toMermaid(again)).toBe(toMermaid(graph));
  });
});

describe('toDot', () => {
  it('writes a cluster per namespace, the fills, shapes and dashed conditional arrows', () => {
    const dot = toDot(graph);
    expect(dot.match(/^ {2}subgraph "cluster_ns_/gm)).toHaveLength(graph.namespaces.length);
    expect(dot).toContain('"svc_shop__web" [id="svc_shop__web", label="web\\nhigh risk / sidecar", shape="box", style="filled", fillcolor="#D55E00"];');
    expect(dot).toContain('"svc_pay__payments" [id="svc_pay__payments", label="payments\\nmedium risk / ambient + waypoint pay-waypoint", shape="box", style="filled,rounded", fillcolor="#F0E442", peripheries="2"];');
    expect(dot).toMatch(/"svc_cil__catalog" \[.*shape="hexagon", style="filled", fillcolor="#56B4E9"\]/);
    expect(dot).toMatch(/"svc_grpc__ledger" \[.*shape="parallelogram"/);
    expect(dot).toMatch(/"svc_legacy__db" \[.*style="filled,dashed"/);
    expect(dot).toContain('"wl_shop__loadgen" -> "svc_shop__web" [label="8080/http: GET /", style="dashed"];');
    expect(dot).toContain('"src_any" -> "svc_edge__proxy" [label="80/http"];');
  });

  it('places arrow texts after layout beyond the inline label limit', () => {
    const inline = toDot(graph);
    expect(inline).toContain('newrank=true');
    expect(inline).not.toContain('xlabel=');
    const placed = toDot(graph, { inlineLabelLimit: graph.edges.length - 1 });
    expect(placed).not.toContain('newrank');
    expect(placed.match(/ -> .*\[xlabel="/g)).toHaveLength(graph.edges.length);
  });

  it('quotes backslashes, quotes and line breaks', () => {
    expect(quote('a"b\\N\nc')).toBe('"a\\"b\\\\N\\nc"');
  });
});

describe('renderSvg (@viz-js/viz)', () => {
  it('renders well-formed SVG with one node group per node and legend entry, and one edge group per edge', async () => {
    const svg = await renderSvg(graph);
    checkXml(svg);
    const nodes = svgGroups(svg, 'node');
    expect(nodes).toHaveLength(graph.nodes.length + graph.legend.length);
    expect(nodes).toEqual(expect.arrayContaining(graph.nodes.map((n) => n.id)));
    expect(svgGroups(svg, 'edge')).toHaveLength(graph.edges.length);
    expect(svgGroups(svg, 'cluster')).toHaveLength(graph.namespaces.length + 1);
  });

  it('fills each node with its risk colour', async () => {
    const svg = await renderSvg(graph);
    const group = (id: string) => svg.slice(svg.indexOf(`<g id="${id}" class="node">`), svg.indexOf('</g>', svg.indexOf(`<g id="${id}" class="node">`)));
    expect(group('svc_shop__web')).toContain('fill="#d55e00"');
    expect(group('svc_pay__payments')).toContain('fill="#f0e442"');
    expect(group('svc_edge__proxy')).toContain('fill="#56b4e9"');
    expect(group('svc_legacy__db')).toContain('stroke-dasharray');
    expect(group('svc_pay__payments').match(/<path /g)).toHaveLength(2);
  });

  it('draws every arrow of a large graph, texts placed after layout', async () => {
    const svg = await renderSvg(graph, { inlineLabelLimit: 1 });
    checkXml(svg);
    expect(svgGroups(svg, 'edge')).toHaveLength(graph.edges.length);
    expect(svg).toContain('8443/http: POST /charge with jwt iss=https://idp scope=pay');
  });

  it('is deterministic: same graph, same bytes', async () => {
    const a = await renderSvg(graph);
    const m = meshMatrix();
    const b = await renderSvg(accessGraph({ sources: [...m.sources].reverse(), destinations: [...m.destinations].reverse(), cells: [...m.cells].reverse() }, inventoryOf(MESH_YAML)));
    expect(b).toBe(a);
  });

  it('renders odd names literally', async () => {
    const svg = await renderSvg(odd());
    checkXml(svg);
    expect(svg).toContain('td/ns/&quot;q&quot;/sa/&lt;b&gt;|#1;`x` \\N &amp; end');
    expect(svg).toContain('GET /a|b &quot;q&quot; &lt;script&gt;');
  });

  it('has an XML check that catches broken documents', () => {
    expect(checkXml('<?xml version="1.0"?>\n<svg a="1"><g id="x" class="node"><text>a &amp; b</text></g></svg>\n')).toBe('svg');
    expect(() => checkXml('<svg><g></svg>')).toThrow(/closes <g>/);
    expect(() => checkXml('<svg><text>a & b</text></svg>')).toThrow(/bare "&"/);
    expect(() => checkXml('<svg><text>a < b</text></svg>')).toThrow(/unescaped "<"/);
    expect(() => checkXml('<svg a="1" a="2"></svg>')).toThrow(/duplicate attribute/);
    expect(() => checkXml('<svg></svg><svg></svg>')).toThrow(/second root/);
  });

  it('fails with Graphviz\'s message on invalid DOT', async () => {
    await expect(renderDotToSvg('digraph { a -> }')).rejects.toThrow(/syntax error/);
  });
});
