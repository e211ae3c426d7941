// SPDX-License-Identifier: Apache-2.0
/**
 * How the access graph looks, independent of the output format: the fill colour of each risk
 * profile and the shape and border of each proxy model. Mermaid and DOT map these abstract
 * styles to their own syntax, so both pictures read the same.
 *
 * Colours come from the Okabe–Ito palette ("Color Universal Design", Okabe & Ito 2008), chosen
 * so that the three risk levels stay apart for protanopia, deuteranopia and tritanopia: low is
 * sky blue, medium yellow, high vermillion (blue–yellow survives red–green blindness, and the
 * three differ in lightness for greyscale prints). Black text on each fill has a contrast ratio
 * of at least 4.5:1 (WCAG AA). Colour is never the only carrier: every node also says its
 * risk and proxy model in words.
 */
import type { DataPlaneKind } from '../analyze/inventory';
import type { RiskLevel } from '../model/mesh-model';

/** The outline of a node. */
export type NodeShape = 'box' | 'rounded' | 'hexagon' | 'parallelogram' | 'ellipse';

/** The border of a node: `double` marks a waypoint, `dashed` no proxy or a plaintext peer, `dotted` a mixed data plane. */
export type NodeBorder = 'solid' | 'double' | 'dashed' | 'dotted';

/** The data plane drawn for a node: the workloads' kind, or `mixed` when the workloads behind a Service disagree. */
export type GraphDataPlane = DataPlaneKind | 'mixed';

/** What a node looks like. */
export interface NodeStyle {
  /** Fill colour, `#RRGGBB`. */
  readonly fill: string;
  readonly shape: NodeShape;
  readonly border: NodeBorder;
}

/** Fill colour per risk profile (Okabe–Ito sky blue, yellow, vermillion). */
export const RISK_FILL: Readonly<Record<RiskLevel, string>> = {
  low: '#56B4E9',
  medium: '#F0E442',
  high: '#D55E00',
};

/** Fill of nodes without a risk profile (peers outside the manifests). */
export const NO_RISK_FILL = '#FFFFFF';

/** Text and border colour. */
export const INK = '#000000';

/** Risk levels, highest first (the legend's order). */
export const RISK_LEVELS: readonly RiskLevel[] = ['high', 'medium', 'low'];

/** Shape and border per data plane; ambient with a waypoint is `ambient` with a `double` border. */
const DATA_PLANE_SHAPE: Readonly<Record<GraphDataPlane, { readonly shape: NodeShape; readonly border: NodeBorder }>> = {
  sidecar: { shape: 'box', border: 'solid' },
  ambient: { shape: 'rounded', border: 'solid' },
  sharedNode: { shape: 'hexagon', border: 'solid' },
  proxyless: { shape: 'parallelogram', border: 'solid' },
  none: { shape: 'box', border: 'dashed' },
  mixed: { shape: 'box', border: 'dotted' },
};

/** The style of a workload or Service node. */
export function workloadStyle(risk: RiskLevel, dataPlane: GraphDataPlane, waypoint: boolean): NodeStyle {
  const s = DATA_PLANE_SHAPE[dataPlane];
  return { fill: RISK_FILL[risk], shape: s.shape, border: dataPlane === 'ambient' && waypoint ? 'double' : s.border };
}

/** The style of a peer node: an ellipse, dashed for plaintext peers. */
export function peerStyle(plaintext: boolean): NodeStyle {
  return { fill: NO_RISK_FILL, shape: 'ellipse', border: plaintext ? 'dashed' : 'solid' };
}

/** The words for a data plane, e.g. `ambient + waypoint shop/cart-waypoint`. */
export function dataPlaneWords(dataPlane: GraphDataPlane, waypoint?: string, kinds?: readonly string[]): string {
  switch (dataPlane) {
    case 'sidecar': return 'sidecar';
    case 'ambient': return waypoint === undefined ? 'ambient (ztunnel only)' : `ambient + waypoint ${waypoint}`;
    case 'sharedNode': return 'shared node (Cilium)';
    case 'proxyless': return 'proxyless gRPC';
    case 'none': return 'no mesh proxy';
    default: return `mixed: ${(kinds ?? []).join(', ')}`;
  }
}

/** One legend entry: a node style with its meaning, or an arrow style. */
export interface LegendEntry {
  /** Stable id, e.g. `legend_risk_high`. */
  readonly id: string;
  /** What the entry is about: risk fills, proxy model shapes, peers or arrows. */
  readonly group: 'risk' | 'model' | 'peer' | 'access';
  readonly label: string;
  /** Set for node entries. */
  readonly style?: NodeStyle;
  /** Set for arrow entries. */
  readonly access?: 'always' | 'conditional';
}

/** Legend entries per risk level. */
export function riskLegend(risk: RiskLevel): LegendEntry {
  return { id: `legend_risk_${risk}`, group: 'risk', label: `${risk} risk`, style: { fill: RISK_FILL[risk], shape: 'box', border: 'solid' } };
}

/** Legend entries per data plane (and waypoint), drawn without fill. */
export function dataPlaneLegend(dataPlane: GraphDataPlane, waypoint: boolean): LegendEntry {
  const s = DATA_PLANE_SHAPE[dataPlane];
  const key = dataPlane === 'ambient' && waypoint ? 'waypoint' : dataPlane;
  const label = dataPlane === 'ambient' ? (waypoint ? 'ambient + waypoint (double border)' : 'ambient, ztunnel only')
    : dataPlane === 'mixed' ? 'workloads with different data planes' : dataPlaneWords(dataPlane);
  return {
    id: `legend_model_${key}`,
    group: 'model',
    label,
    style: { fill: NO_RISK_FILL, shape: s.shape, border: key === 'waypoint' ? 'double' : s.border },
  };
}

/** Legend entries for peers: authenticated peers outside the manifests, and plaintext peers. */
export function peerLegend(plaintext: boolean): LegendEntry {
  return plaintext
    ? { id: 'legend_peer_plaintext', group: 'peer', label: 'plaintext peers (no mesh identity)', style: peerStyle(true) }
    : { id: 'legend_peer_identity', group: 'peer', label: 'peer identity or identity pattern', style: peerStyle(false) };
}

/** Legend entries for arrows. */
export function accessLegend(access: 'always' | 'conditional'): LegendEntry {
  return access === 'always'
    ? { id: 'legend_edge_always', group: 'access', label: 'solid arrow: any request', access }
    : { id: 'legend_edge_conditional', group: 'access', label: 'dashed arrow: only the requests listed on it', access };
}

/**
 * WCAG 2 contrast ratio of two `#RRGGBB` colours (1 to 21), used by the tests to keep the
 * palette readable.
 */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
