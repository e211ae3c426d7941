// SPDX-License-Identifier: Apache-2.0
/**
 * Writers of the access matrix: a terminal table, CSV, JSON and Markdown (a table per
 * destination namespace). Output is a pure function of the matrix (already sorted).
 */
import { compareDestinations, compareStrings } from './matrix-order';
import type { AccessMatrix, MatrixCell, MatrixDestination } from './types';

/** The formats `cdk8s-mesh matrix` writes. */
export const MATRIX_FORMATS = ['table', 'csv', 'json', 'markdown'] as const;

/** One of {@link MATRIX_FORMATS}. */
export type MatrixFormat = typeof MATRIX_FORMATS[number];

/** Writes `matrix` in `format` (text ending with a newline). */
export function writeMatrix(matrix: AccessMatrix, format: MatrixFormat): string {
  switch (format) {
    case 'csv': return writeMatrixCsv(matrix);
    case 'json': return writeMatrixJson(matrix);
    case 'markdown': return writeMatrixMarkdown(matrix);
    default: return writeMatrixTable(matrix);
  }
}

/**
 * A source in words: its workloads when the principal is one identity that workloads run as,
 * `any authenticated peer` (`*`), `plaintext peers`, `any identity in namespace <ns>`
 * (`<td>/ns/<ns>/sa/*`), else the principal.
 */
export function describeSource(principal: string, workloads: readonly string[] = []): string {
  if (principal === '*') return 'any authenticated peer';
  if (principal === 'plaintext') return 'plaintext peers';
  const ns = /^[^/]+\/ns\/([^/*]+)\/sa\/\*$/.exec(principal);
  if (ns) return `any identity in namespace ${ns[1]}`;
  if (principal.includes('*') || workloads.length === 0) return principal;
  return workloads.join(', ');
}

/** `<service>.<namespace>:<port>`. */
export function describeDestination(d: MatrixDestination): string {
  return `${d.service}.${d.namespace}:${d.port}`;
}

/** Workloads of each source principal of a matrix. */
export function workloadsBySource(matrix: AccessMatrix): Map<string, readonly string[]> {
  return new Map(matrix.sources.map((s) => [s.principal, s.workloads]));
}

/** A terminal table: one line per cell, then a summary line. */
export function writeMatrixTable(matrix: AccessMatrix): string {
  const workloads = workloadsBySource(matrix);
  const rows = matrix.cells.map((c) => [
    describeSource(c.source, workloads.get(c.source)),
    `${describeDestination(c.destination)}/${c.destination.protocol}`,
    c.access,
    c.conditions.join('; '),
  ]);
  const header = ['SOURCE', 'DESTINATION', 'ACCESS', 'CONDITIONS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd();
  const always = matrix.cells.filter((c) => c.access === 'always').length;
  const reached = new Set(matrix.cells.map((c) => describeDestination(c.destination))).size;
  return [
    ...(rows.length > 0 ? [line(header), ...rows.map(line)] : ['no source can reach any destination']),
    '',
    `${matrix.cells.length} cells (${always} always, ${matrix.cells.length - always} conditional); `
      + `${reached} of ${matrix.destinations.length} destination ports reachable; ${matrix.sources.length} sources`,
    '',
  ].join('\n');
}

/** CSV with a header row; lists in a field are separated by `; `. */
export function writeMatrixCsv(matrix: AccessMatrix): string {
  const workloads = workloadsBySource(matrix);
  const rows = [
    ['source', 'workloads', 'namespace', 'service', 'port', 'protocol', 'access', 'conditions', 'rules'],
    ...matrix.cells.map((c) => [
      c.source,
      (workloads.get(c.source) ?? []).join('; '),
      c.destination.namespace,
      c.destination.service,
      String(c.destination.port),
      c.destination.protocol,
      c.access,
      c.conditions.join('; '),
      c.rules.join('; '),
    ]),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** The matrix as JSON, with a fixed key order. */
export function writeMatrixJson(matrix: AccessMatrix): string {
  const destination = (d: MatrixDestination) => ({ service: d.service, namespace: d.namespace, port: d.port, protocol: d.protocol });
  const value = {
    sources: matrix.sources.map((s) => ({ principal: s.principal, workloads: [...s.workloads] })),
    destinations: matrix.destinations.map(destination),
    cells: matrix.cells.map((c: MatrixCell) => ({ source: c.source, destination: destination(c.destination), access: c.access, conditions: [...c.conditions], rules: [...c.rules] })),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Markdown: a section and table per destination namespace, with its unreachable ports. */
export function writeMatrixMarkdown(matrix: AccessMatrix): string {
  const workloads = workloadsBySource(matrix);
  const namespaces = [...new Set(matrix.destinations.map((d) => d.namespace))].sort(compareStrings);
  const out = ['# Access matrix', '', `${matrix.cells.length} cells over ${matrix.destinations.length} destination ports and ${matrix.sources.length} sources.`, ''];
  for (const ns of namespaces) {
    out.push(`## ${ns}`, '');
    const cells = matrix.cells.filter((c) => c.destination.namespace === ns)
      .sort((a, b) => compareDestinations(a.destination, b.destination) || compareStrings(a.source, b.source));
    if (cells.length > 0) {
      out.push('| Destination | Protocol | Source | Access | Conditions |', '|---|---|---|---|---|');
      for (const c of cells) {
        const source = describeSource(c.source, workloads.get(c.source));
        const who = source === c.source ? `\`${c.source}\`` : `${md(source)} (\`${c.source}\`)`;
        out.push(`| ${md(`${c.destination.service}:${c.destination.port}`)} | ${md(c.destination.protocol)} | ${who} | ${c.access} | ${c.conditions.map(md).join('<br>')} |`);
      }
      out.push('');
    }
    const reached = new Set(cells.map((c) => describeDestination(c.destination)));
    const closed = matrix.destinations.filter((d) => d.namespace === ns && !reached.has(describeDestination(d)));
    if (closed.length > 0) out.push(`Reachable by no source: ${closed.map((d) => `${d.service}:${d.port}`).join(', ')}.`, '');
  }
  return out.join('\n');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
