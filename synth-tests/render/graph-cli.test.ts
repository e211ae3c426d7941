// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MixedChart } from '../../examples/mixed/main';
import { AuthorizationEngine } from '../../lib/analyze/authz/engine';
import { accessMatrix } from '../../lib/analyze/authz/matrix';
import { Inventory } from '../../lib/analyze/inventory';
import { ExitCode } from '../../lib/cli/cli-io';
import { addGraphCommand } from '../../lib/cli/graph-command';
import { accessGraph } from '../../lib/render/access-graph';
import { RISK_FILL } from '../../lib/render/graph-style';
import { checkXml, svgGroups } from './xml-check';

const YAML = path.join(__dirname, 'yaml/shop.yaml');

async function graph(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const result = { code: ExitCode.OK };
  const program = new Command('cdk8s-mesh').exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  addGraphCommand(program, io, result);
  try {
    await program.parseAsync(['graph', ...args], { from: 'user' });
  } catch (e) {
    return { code: ExitCode.BAD_INPUT, out, err: [...err, String(e)] };
  }
  return { code: result.code, out, err };
}

describe('cdk8s-mesh graph (hand-written YAML)', () => {
  it('prints Mermaid by default: who reaches whom, under which conditions', async () => {
    const { code, out } = await graph(YAML);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(out[0]).toBe('flowchart LR');
    expect(text).toMatch(/^ {4}svc_shop__web\["web<br\/>high risk \/ sidecar"\]$/m);
    expect(text).toMatch(/^ {4}svc_pay__payments\(\["payments<br\/>medium risk \/ ambient \+ waypoint pay-waypoint"\]\)$/m);
    expect(text).toMatch(/^ {2}svc_shop__web -\.->\|"8080\/http: GET \/cart\/\*.*"\| svc_shop__cart$/m);
    expect(text).toMatch(/^ {2}svc_shop__cart -\.->\|"8443\/http: POST \/charge.*"\| svc_pay__payments$/m);
    expect(text).not.toMatch(/svc_shop__web -.*svc_pay__payments/);
  });

  it('writes SVG to a file and prints a summary line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    const file = path.join(dir, 'access.svg');
    const { code, out } = await graph(YAML, '--format', 'svg', '--output', file);
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(new RegExp(`^access graph \\(svg\\) written to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ nodes?, \\d+ arrows? in \\d+ namespaces?$`))]);
    const svg = fs.readFileSync(file, 'utf8');
    expect(checkXml(svg)).toBe('svg');
    expect(svgGroups(svg, 'node')).toEqual(expect.arrayContaining(['svc_shop__web', 'svc_shop__cart', 'svc_pay__payments']));
  });

  it('prints DOT without a legend on request', async () => {
    const { code, out } = await graph(YAML, '--format', 'dot', '--no-legend');
    expect(code).toBe(0);
    expect(out[0]).toBe('digraph access {');
    expect(out.join('\n')).not.toContain('cluster_legend');
    expect(out.join('\n')).toContain(`fillcolor="${RISK_FILL.high}"`);
  });

  it('rejects bad input with exit 2 and a clear message', async () => {
    expect(await graph(YAML, '--risk', 'extreme')).toMatchObject({ code: 2, err: ['cdk8s-mesh: unknown risk profile "extreme": expected low, medium or high'] });
    expect(await graph(YAML, '--max-conditions', '0')).toMatchObject({ code: 2, err: ['cdk8s-mesh: invalid --max-conditions "0": expected a whole number of at least 1'] });
    expect((await graph('no/such/dir')).code).toBe(2);
    expect((await graph(YAML, '--format', 'png')).code).toBe(2);
    expect((await graph(YAML, '--output', path.join(os.tmpdir(), 'no-such-dir-graph', 'g.mmd'))).err[0]).toMatch(/^cdk8s-mesh: cannot write ".*g\.mmd": /);
  });
});

describe('access graph of SDK output (examples/mixed: every proxy model)', () => {
  const objects = Testing.synth(new MixedChart(Testing.app(), 'mixed'));
  const inventory = Inventory.fromObjects(objects.map((object) => ({ object })));
  const g = accessGraph(accessMatrix(AuthorizationEngine.fromInventory(inventory), inventory), inventory);
  const node = (id: string) => g.nodes.find((n) => n.id === id);

  it('fills and shapes each service by its risk profile and proxy model', () => {
    expect(node('svc_mixed__payments')).toMatchObject({ risk: 'high', dataPlane: 'sidecar', style: { fill: RISK_FILL.high, shape: 'box' } });
    expect(node('svc_mixed__web')).toMatchObject({ risk: 'high', dataPlane: 'sidecar' });
    expect(node('svc_mixed__cart')).toMatchObject({ risk: 'medium', dataPlane: 'ambient', style: { shape: 'rounded', border: 'double' } });
    expect(node('svc_mixed__orders_db')).toMatchObject({ risk: 'medium', dataPlane: 'ambient', style: { shape: 'rounded', border: 'solid' } });
    expect(node('svc_mixed__recommendations')).toMatchObject({ risk: 'medium', dataPlane: 'proxyless', style: { shape: 'parallelogram' } });
    expect(node('svc_mixed__analytics')).toMatchObject({ risk: 'low', dataPlane: 'sharedNode', style: { fill: RISK_FILL.low, shape: 'hexagon' } });
  });

  it('draws the allowFrom calls as arrows with their conditions', () => {
    const arrows = g.edges.map((e) => `${e.from} -> ${e.to}`);
    expect(arrows).toEqual(expect.arrayContaining([
      'svc_mixed__web -> svc_mixed__cart',
      'svc_mixed__cart -> svc_mixed__payments',
      'svc_mixed__cart -> svc_mixed__orders_db',
      'svc_mixed__web -> svc_mixed__recommendations',
      'svc_mixed__cart -> svc_mixed__analytics',
      'src_any -> svc_mixed_edge__edge_istio',
    ]));
    expect(g.edges.find((e) => e.from === 'svc_mixed__cart' && e.to === 'svc_mixed__payments')?.label.join('\n')).toMatch(/POST \/charge/);
    expect(arrows).not.toContain('svc_mixed__web -> svc_mixed__payments');
  });

  it('draws the Istio-deployed gateway as one node: the Internet reaches it, and it reaches web', () => {
    expect(node('svc_mixed_edge__edge_istio')?.label).toEqual(['edge-istio', 'high risk / ingress gateway (Envoy)']);
    const arrows = g.edges.map((e) => `${e.from} -> ${e.to}`);
    expect(arrows).toEqual(expect.arrayContaining(['src_plaintext -> svc_mixed_edge__edge_istio', 'svc_mixed_edge__edge_istio -> svc_mixed__web']));
    expect(g.nodes.some((n) => n.id.startsWith('src_') && n.id.includes('edge_istio'))).toBe(false);
  });

  it('renders through the CLI from the synthesized YAML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-sdk-'));
    fs.writeFileSync(path.join(dir, 'mixed.k8s.yaml'), objects.map((o) => stringify(o)).join('---\n'));
    const { code, out } = await graph(dir, '--format', 'svg');
    expect(code).toBe(0);
    const svg = out.join('\n');
    checkXml(svg);
    expect(svgGroups(svg, 'node')).toHaveLength(g.nodes.length + g.legend.length);
    expect(svgGroups(svg, 'edge')).toHaveLength(g.edges.length);
  });
});
