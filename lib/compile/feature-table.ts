// SPDX-License-Identifier: Apache-2.0
import { backendFor } from './backends';
import { FEATURES, type Support } from './capabilities';
import type { ProxyModelKind } from '../model/mesh-model';

/** The columns of the table: each proxy model, and ambient with and without a waypoint. */
const COLUMNS: readonly { readonly title: string; readonly kind: ProxyModelKind; readonly waypoint: boolean }[] = [
  { title: 'sidecar', kind: 'sidecar', waypoint: false },
  { title: 'ambient (ztunnel)', kind: 'ambient', waypoint: false },
  { title: 'ambient + waypoint', kind: 'ambient', waypoint: true },
  { title: 'shared node (Cilium)', kind: 'sharedNode', waypoint: false },
  { title: 'proxyless gRPC', kind: 'proxyless', waypoint: false },
];

/** Rule shapes each model refuses although the feature is enforced, as Markdown lines. */
function limits(columns: readonly { readonly title: string; readonly kind: ProxyModelKind }[]): string[] {
  const seen = new Set<ProxyModelKind>();
  const out: string[] = [];
  for (const c of columns) {
    const backend = backendFor(c.kind)!;
    if (seen.has(c.kind) || !backend.ruleLimits?.length) continue;
    seen.add(c.kind);
    out.push('', `Refused on ${c.title} although the feature is enforced:`, ...backend.ruleLimits.map((l) => `- ${l}`));
  }
  return out;
}

/**
 * The feature × proxy-model table as Markdown, generated from the same capability data that
 * decides which intent each model rejects: `enforced`, or `error` with a numbered reason.
 */
export function featureSupportMarkdown(): string {
  const columns = COLUMNS.filter((c) => backendFor(c.kind) !== undefined);
  const reasons: string[] = [];
  const cell = (support: Support): string => {
    if (support === true) return 'enforced';
    const text = `${support.reason}; fix: ${support.fix}`;
    let n = reasons.indexOf(text);
    if (n < 0) n = reasons.push(text) - 1;
    return `error [${n + 1}]`;
  };
  const lines = [
    `| feature | ${columns.map((c) => c.title).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...FEATURES.map((f) => `| ${f.title} | ${columns.map((c) => cell(backendFor(c.kind)!.capabilities(c.waypoint)[f.id])).join(' | ')} |`),
    '',
    ...reasons.map((r, i) => `${i + 1}. ${r}`),
    ...limits(columns),
  ];
  return `${lines.join('\n')}\n`;
}
