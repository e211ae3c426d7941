// SPDX-License-Identifier: Apache-2.0
/**
 * Writers of the access diff: text (one line per change), JSON and Markdown (a section per
 * kind of change, ready for a pull-request comment).
 */
import { CHANGE_KINDS } from './diff';
import type { AccessChange } from './types';

/** The formats `cdk8s-mesh diff` writes. */
export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;

/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = typeof DIFF_FORMATS[number];

/** Writes `changes` in `format` (text ending with a newline). */
export function writeDiff(changes: readonly AccessChange[], format: DiffFormat): string {
  switch (format) {
    case 'json': return writeDiffJson(changes);
    case 'markdown': return writeDiffMarkdown(changes);
    default: return writeDiffText(changes);
  }
}

/** `2 granted, 0 widened, 1 narrowed, 0 revoked` (or `no change of access`). */
export function summarizeDiff(changes: readonly AccessChange[]): string {
  if (changes.length === 0) return 'no change of access';
  return CHANGE_KINDS.map((k) => `${changes.filter((c) => c.kind === k).length} ${k}`).join(', ');
}

/** One line per change (`granted   <summary>`), then the counts. */
export function writeDiffText(changes: readonly AccessChange[]): string {
  const width = Math.max(...CHANGE_KINDS.map((k) => k.length));
  return [...changes.map((c) => `${c.kind.padEnd(width)}  ${c.summary}`), ...(changes.length > 0 ? [''] : []), summarizeDiff(changes), ''].join('\n');
}

/** The changes as a JSON array, with a fixed key order. */
export function writeDiffJson(changes: readonly AccessChange[]): string {
  const value = changes.map((c) => ({
    kind: c.kind,
    source: c.source,
    destination: { service: c.destination.service, namespace: c.destination.namespace, port: c.destination.port, protocol: c.destination.protocol },
    conditions: [...c.conditions],
    summary: c.summary,
  }));
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A section per kind of change, each change a bullet. */
export function writeDiffMarkdown(changes: readonly AccessChange[]): string {
  const out = ['# Access changes', '', `${summarizeDiff(changes)}.`, ''];
  for (const kind of CHANGE_KINDS) {
    const list = changes.filter((c) => c.kind === kind);
    if (list.length === 0) continue;
    out.push(`## ${kind[0].toUpperCase()}${kind.slice(1)} (${list.length})`, '');
    for (const c of list) out.push(`- ${c.summary.replace(/([*_`|<>[\]])/g, '\\$1')}`);
    out.push('');
  }
  return out.join('\n');
}
