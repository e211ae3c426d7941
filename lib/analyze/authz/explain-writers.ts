// SPDX-License-Identifier: Apache-2.0
/**
 * Writers for `cdk8s-mesh explain`: the JSON of DESIGN.md decision 10 (an array of
 * `{ id, decision, chain: [{ point, decision, policy?, rule? }] }` in request order, with each
 * step's `detail` only when asked) and a table for people.
 */
import type { AccessDecision, ChainStep } from './types';

/** Options of the writers. */
export interface ExplainWriterOptions {
  /** Include each step's `detail` (the proxy, the reason, the notes). @default false */
  readonly detail?: boolean;
}

/** The decisions as decision 10's JSON (keys in a fixed order), with a trailing newline. */
export function writeExplainJson(decisions: readonly AccessDecision[], options: ExplainWriterOptions = {}): string {
  const out = decisions.map((d) => ({ id: d.id, decision: d.decision, chain: d.chain.map((s) => stepJson(s, options.detail === true)) }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

function stepJson(s: ChainStep, detail: boolean): Record<string, unknown> {
  return {
    point: s.point,
    decision: s.decision,
    ...(s.policy !== undefined ? { policy: s.policy } : {}),
    ...(s.rule !== undefined ? { rule: s.rule } : {}),
    ...(detail && s.detail ? { detail: { at: s.detail.at, reason: s.detail.reason, ...(s.detail.notes && s.detail.notes.length > 0 ? { notes: [...s.detail.notes] } : {}) } } : {}),
  };
}

/**
 * One line per enforcement point (`ID  DECISION  POINT  STEP  RULE`), the request's id and
 * decision on its first line; with `detail`, the proxy, reason and notes indented below.
 */
export function writeExplainTable(decisions: readonly AccessDecision[], options: ExplainWriterOptions = {}): string {
  const header = ['ID', 'DECISION', 'POINT', 'STEP', 'DECIDED BY'];
  const rows: { cells: string[]; extra: string[] }[] = [];
  for (const d of decisions) {
    if (d.chain.length === 0) {
      rows.push({ cells: [d.id, d.decision, '-', '-', 'no enforcement point in the manifests'], extra: [] });
      continue;
    }
    d.chain.forEach((s, i) => {
      const extra = options.detail === true && s.detail ? [`at ${s.detail.at}: ${s.detail.reason}`, ...(s.detail.notes ?? []).map((n) => `- ${n}`)] : [];
      rows.push({ cells: [i === 0 ? d.id : '', i === 0 ? d.decision : '', s.point, s.decision, s.rule ?? (s.policy !== undefined ? `${s.policy} ${shortReason(s)}` : shortReason(s))], extra });
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r.cells[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === cells.length - 1 ? x : x.padEnd(widths[c]))).join('  ').trimEnd();
  const lines = [line(header)];
  for (const r of rows) {
    lines.push(line(r.cells));
    for (const x of r.extra) lines.push(`    ${x}`);
  }
  const denied = decisions.filter((d) => d.decision === 'DENY').length;
  lines.push('', `${decisions.length} request${decisions.length === 1 ? '' : 's'}: ${decisions.length - denied} allowed, ${denied} denied`);
  return `${lines.join('\n')}\n`;
}

/** The first clause of a step's reason, for steps no policy decided. */
function shortReason(s: ChainStep): string {
  return s.detail ? `(${s.detail.reason.split(/[;:]/)[0]})` : '-';
}
