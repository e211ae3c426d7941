// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { AccessMatrix } from '../../lib/analyze/authz/types';
import { accessGraph, type AccessGraph, type GraphNode } from '../../lib/render/access-graph';
import { INK, NO_RISK_FILL, RISK_FILL, contrastRatio } from '../../lib/render/graph-style';
import { MESH_YAML, PARTNER, app, cell, dest, inventoryOf, meshMatrix, namespace, sa } from './fixtures';

const inventory = inventoryOf(MESH_YAML);

function node(g: AccessGraph, id: string): GraphNode {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${g.nodes.map((x) => x.id).join(', ')}`);
  return n;
}

describe('accessGraph', () => {
  const g = accessGraph(meshMatrix(), inventory);

  it('draws services grouped by namespace, workloads without a Service, then peers without workloads', () => {
    expect(g.nodes.map((n) => n.id)).toEqual([
      'svc_cil__catalog', 'svc_edge__proxy', 'svc_grpc__ledger', 'svc_legacy__db', 'svc_mix__mix', 'svc_pay__payments',
      'svc_shop__cart', 'svc_shop__web', 'wl_shop__loadgen',
      'src_any', 'src_plaintext', 'peer_partner_example_ns_billing_sa_client',
    ]);
    expect(g.namespaces.map((ns) => `${ns.name}:${ns.nodes.length}`)).toEqual(['cil:1', 'edge:1', 'grpc:1', 'legacy:1', 'mix:1', 'pay:1', 'shop:3']);
    expect(g.namespaces.find((ns) => ns.name === 'shop')?.id).toBe('ns_shop');
    expect(node(g, 'peer_partner_example_ns_billing_sa_client')).toMatchObject({ kind: 'peer', name: PARTNER, label: [PARTNER] });
    expect(node(g, 'wl_shop__loadgen')).toMatchObject({ kind: 'workload', namespace: 'shop', principals: [sa('shop', 'loadgen')], label: ['loadgen (Deployment, no Service)', 'low risk / sidecar'] });
    expect(node(g, 'svc_shop__web').principals).toEqual([sa('shop', 'web')]);
  });

  it('draws one arrow per source node and destination Service, ports and conditions merged', () => {
    expect(g.edges.map((e) => `${e.from} ${e.access === 'always' ? '-->' : '-.->'} ${e.to}`)).toEqual([
      'svc_cil__catalog --> svc_legacy__db',
      'svc_edge__proxy --> svc_shop__web',
      'svc_shop__cart --> svc_legacy__db',
      'svc_shop__cart -.-> svc_pay__payments',
      'svc_shop__web --> svc_cil__catalog',
      'svc_shop__web -.-> svc_mix__mix',
      'svc_shop__web -.-> svc_shop__cart',
      'wl_shop__loadgen -.-> svc_shop__web',
      'src_any --> svc_edge__proxy',
      'src_plaintext --> svc_legacy__db',
      'peer_partner_example_ns_billing_sa_client -.-> svc_grpc__ledger',
    ]);
    const mix = g.edges.find((e) => e.to === 'svc_mix__mix')!;
    expect(mix.ports).toEqual([{ port: 8080, protocol: 'http', access: 'conditional', conditions: ['GET /mix', 'HEAD /mix'] }]);
    expect(g.edges.find((e) => e.to === 'svc_pay__payments')!.label).toEqual(['8443/http: POST /charge with jwt iss=https://idp scope=pay']);
  });

  it('labels an arrow with each port, collapsing long condition lists to the first 3 and "… n more"', () => {
    const e = g.edges.find((x) => x.from === 'svc_shop__web' && x.to === 'svc_shop__cart')!;
    expect(e.label).toEqual(['8080/http', '9090/grpc: /cart.Cart/Add', '/cart.Cart/Get', '/cart.Cart/List', '… 2 more']);
    expect(e.ports[1].conditions).toHaveLength(5);
    expect(accessGraph(meshMatrix(), inventory, { maxConditions: 1 }).edges.find((x) => x.to === 'svc_shop__cart')!.label)
      .toEqual(['8080/http', '9090/grpc: /cart.Cart/Add', '… 4 more']);
  });

  it('fills nodes by risk profile with the Okabe–Ito palette (sky blue, yellow, vermillion)', () => {
    expect(RISK_FILL).toEqual({ low: '#56B4E9', medium: '#F0E442', high: '#D55E00' });
    const fills = Object.fromEntries(g.nodes.map((n) => [n.id, n.style.fill]));
    expect(fills).toMatchObject({
      svc_shop__web: RISK_FILL.high, wl_shop__loadgen: RISK_FILL.low, svc_pay__payments: RISK_FILL.medium,
      svc_grpc__ledger: RISK_FILL.medium, svc_cil__catalog: RISK_FILL.low, src_any: NO_RISK_FILL,
    });
    expect(g.nodes.filter((n) => n.risk !== undefined).every((n) => n.style.fill === RISK_FILL[n.risk!])).toBe(true);
    expect(node(g, 'svc_shop__web').label[1]).toBe('high risk / sidecar');
  });

  it('keeps black text readable on every fill (WCAG AA, contrast ≥ 4.5)', () => {
    for (const fill of [...Object.values(RISK_FILL), NO_RISK_FILL]) expect(contrastRatio(INK, fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('shapes nodes by proxy model, with a double border for a waypoint', () => {
    const shapes = Object.fromEntries(g.nodes.map((n) => [n.id, `${n.dataPlane ?? n.kind} ${n.style.shape} ${n.style.border}`]));
    expect(shapes).toEqual({
      svc_cil__catalog: 'sharedNode hexagon solid',
      svc_edge__proxy: 'ambient rounded solid',
      svc_grpc__ledger: 'proxyless parallelogram solid',
      svc_legacy__db: 'none box dashed',
      svc_mix__mix: 'mixed box dotted',
      svc_pay__payments: 'ambient rounded double',
      svc_shop__cart: 'sidecar box solid',
      svc_shop__web: 'sidecar box solid',
      wl_shop__loadgen: 'sidecar box solid',
      src_any: 'anyPeer ellipse solid',
      src_plaintext: 'plaintext ellipse dashed',
      peer_partner_example_ns_billing_sa_client: 'peer ellipse solid',
    });
    expect(node(g, 'svc_pay__payments')).toMatchObject({ waypoint: 'pay-waypoint', label: ['payments', 'medium risk / ambient + waypoint pay-waypoint'] });
    expect(node(g, 'svc_mix__mix').label[1]).toBe('medium risk / mixed: none, sidecar');
  });

  it('has a legend of exactly the styles in use', () => {
    expect(g.legend.map((l) => l.id)).toEqual([
      'legend_risk_high', 'legend_risk_medium', 'legend_risk_low',
      'legend_model_sidecar', 'legend_model_ambient', 'legend_model_waypoint', 'legend_model_sharedNode', 'legend_model_proxyless',
      'legend_model_none', 'legend_model_mixed', 'legend_peer_identity', 'legend_peer_plaintext',
      'legend_edge_always', 'legend_edge_conditional',
    ]);
    const small = accessGraph({ sources: [], destinations: [dest('shop', 'web', 8080)], cells: [] }, inventory);
    expect(small.legend.map((l) => l.id)).toEqual(['legend_risk_high', 'legend_model_sidecar']);
    expect(accessGraph(meshMatrix(), inventory, { legend: false }).legend).toEqual([]);
  });

  it('is the same graph whatever the order of the matrix', () => {
    const m = meshMatrix();
    const shuffled: AccessMatrix = { sources: [...m.sources].reverse(), destinations: [...m.destinations].reverse(), cells: [...m.cells].reverse() };
    expect(accessGraph(shuffled, inventory)).toEqual(g);
  });

  it('keeps odd names apart with safe, unique ids', () => {
    const inv = inventoryOf([namespace('x.y', {}), app('x.y', 'a-b'), app('x.y', 'a.b'), app('x_y', 'a-b')].join('---\n'));
    const graph = accessGraph({
      sources: [{ principal: 'td/ns/"q"/sa/<b>|#1', workloads: [] }],
      destinations: [dest('x.y', 'a-b', 8080), dest('x.y', 'a.b', 8080), dest('x_y', 'a-b', 8080)],
      cells: [cell('td/ns/"q"/sa/<b>|#1', dest('x.y', 'a.b', 8080))],
    }, inv);
    expect(graph.nodes.map((n) => n.id)).toEqual(['svc_x_y__a_b', 'svc_x_y__a_b_2', 'svc_x_y__a_b_3', 'peer_td_ns__q__sa__b___1']);
    expect(graph.namespaces.map((n) => n.id)).toEqual(['ns_x_y', 'ns_x_y_2']);
    expect(graph.edges).toMatchObject([{ from: 'peer_td_ns__q__sa__b___1', to: 'svc_x_y__a_b_2' }]);
  });

  it('draws a principal behind several Services from each, and a Service behind several principals once', () => {
    const inv = inventoryOf([
      namespace('shop', { 'istio-injection': 'enabled' }),
      app('shop', 'api', { podLabels: { tier: 'front' } }),
      'apiVersion: v1\nkind: Service\nmetadata: { name: front, namespace: shop }\nspec: { selector: { tier: front }, ports: [{ port: 80 }] }\n',
      app('shop', 'db'),
    ].join('---\n'));
    const graph = accessGraph({
      sources: [{ principal: sa('shop', 'api'), workloads: ['shop/api'] }],
      destinations: [dest('shop', 'db', 8080)],
      cells: [cell(sa('shop', 'api'), dest('shop', 'db', 8080), ['GET /'])],
    }, inv);
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['svc_shop__api->svc_shop__db', 'svc_shop__front->svc_shop__db']);
    expect(node(graph, 'svc_shop__db')).toMatchObject({ risk: 'high', dataPlane: 'sidecar', principals: [] });
  });

  it('falls back to the namespace risk and no proxy for a Service without workloads', () => {
    const inv = inventoryOf([namespace('ext', { 'mesh.cdk8s.io/risk-profile': 'medium' }), 'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: ext }\nspec: { type: ExternalName, externalName: api.example.com }\n'].join('---\n'));
    const graph = accessGraph({ sources: [{ principal: '*', workloads: [] }], destinations: [dest('ext', 'api', 443)], cells: [cell('*', dest('ext', 'api', 443))] }, inv);
    expect(node(graph, 'svc_ext__api')).toMatchObject({ risk: 'medium', dataPlane: 'none', style: { fill: RISK_FILL.medium, shape: 'box', border: 'dashed' } });
  });
});

describe('accessGraph: matrix rows that are not one workload identity', () => {
  const inv = inventoryOf(MESH_YAML);

  it('draws a namespace pattern inside its namespace, with the workloads it matches', () => {
    const row = 'cluster.local/ns/shop/sa/*';
    const graph = accessGraph({
      sources: [{ principal: row, workloads: ['shop/cart', 'shop/loadgen', 'shop/web'] }],
      destinations: [dest('legacy', 'db', 5432, 'tcp')],
      cells: [cell(row, dest('legacy', 'db', 5432, 'tcp'))],
    }, inv, { maxConditions: 2 });
    expect(node(graph, 'peer_cluster_local_ns_shop_sa__')).toMatchObject({
      kind: 'peerPattern', namespace: 'shop',
      label: ['any identity in namespace shop', row, 'matches shop/cart, shop/loadgen … 1 more'],
      style: { shape: 'ellipse', border: 'solid', fill: NO_RISK_FILL },
    });
    expect(graph.namespaces.find((n) => n.name === 'shop')?.nodes).toEqual(['peer_cluster_local_ns_shop_sa__']);
    expect(graph.edges).toMatchObject([{ from: 'peer_cluster_local_ns_shop_sa__', to: 'svc_legacy__db', access: 'always' }]);
  });

  it('draws a trust-domain pattern and an identity of a gateway Istio deploys outside every namespace', () => {
    const td = 'partner.example/ns/*/sa/*';
    const gw = 'cluster.local/ns/istio-system/sa/ingress-istio';
    const graph = accessGraph({
      sources: [{ principal: td, workloads: [] }, { principal: gw, workloads: ['istio-system/ingress'] }],
      destinations: [dest('shop', 'web', 8080)],
      cells: [cell(td, dest('shop', 'web', 8080), ['GET /']), cell(gw, dest('shop', 'web', 8080))],
    }, inv);
    expect(graph.nodes.filter((n) => n.namespace === undefined).map((n) => [n.kind, n.label])).toEqual([
      ['peer', [gw, 'runs istio-system/ingress']],
      ['peerPattern', ['any identity of trust domain partner.example', td]],
    ]);
  });

  it('leaves out peers that reach nothing, and keeps Services and workloads that reach nothing', () => {
    const graph = accessGraph({
      sources: [{ principal: '*', workloads: [] }, { principal: 'plaintext', workloads: [] }, { principal: PARTNER, workloads: [] }, { principal: sa('shop', 'loadgen'), workloads: ['shop/loadgen'] }],
      destinations: [dest('shop', 'web', 8080)],
      cells: [],
    }, inv);
    expect(graph.nodes.map((n) => n.id)).toEqual(['svc_shop__web', 'wl_shop__loadgen']);
    expect(graph.edges).toEqual([]);
  });
});
