// SPDX-License-Identifier: Apache-2.0
/**
 * The access diff (issue 7): what two access matrices disagree on, cell by cell, in words a
 * reviewer reads. A cell that appears is `granted`, one that disappears `revoked`; a cell in
 * both is `widened` when it gained conditions or became `always`, `narrowed` when it lost
 * conditions or stopped being `always` (a cell can be both: two changes).
 */
import { compareDestinations, compareStrings } from './matrix-order';
import { describeDestination, describeSource, workloadsBySource } from './matrix-writers';
import type { AccessChange, AccessMatrix, MatrixCell } from './types';

/** The order changes are listed in: new access first, as it is what needs review. */
export const CHANGE_KINDS: readonly AccessChange['kind'][] = ['granted', 'widened', 'narrowed', 'revoked'];

/** The changes of access from `old` to `next`, sorted by kind, destination and source. */
export function accessDiff(old: AccessMatrix, next: AccessMatrix): AccessChange[] {
  const before = new Map(old.cells.map((c) => [cellKey(c), c]));
  const after = new Map(next.cells.map((c) => [cellKey(c), c]));
  const oldWorkloads = workloadsBySource(old);
  const newWorkloads = workloadsBySource(next);
  const who = (source: string, preferNew: boolean) => {
    const [first, second] = preferNew ? [newWorkloads, oldWorkloads] : [oldWorkloads, newWorkloads];
    const names = first.get(source) ?? [];
    return describeSource(source, names.length > 0 ? names : second.get(source) ?? []);
  };
  const changes: AccessChange[] = [];
  const change = (kind: AccessChange['kind'], cell: MatrixCell, conditions: string[], summary: string) => {
    changes.push({ kind, source: cell.source, destination: cell.destination, conditions, summary });
  };

  for (const [key, cell] of after) {
    const was = before.get(key);
    const dest = describeDestination(cell.destination);
    const from = who(cell.source, true);
    if (!was) {
      change('granted', cell, [...cell.conditions], `${dest} newly reachable from ${from}: ${cell.conditions.join('; ')}`);
      continue;
    }
    const added = cell.conditions.filter((c) => !was.conditions.includes(c));
    const removed = was.conditions.filter((c) => !cell.conditions.includes(c));
    if (cell.access === 'always' && was.access !== 'always') {
      change('widened', cell, added, `${dest} now reachable from ${from} for any request (was: ${was.conditions.join('; ')})`);
    } else if (was.access === 'always' && cell.access !== 'always') {
      change('narrowed', was, removed, `${dest} no longer reachable from ${from} for any request, only: ${cell.conditions.join('; ')}`);
    } else {
      if (added.length > 0) change('widened', cell, added, `${dest} reachable from ${from} for more requests: ${added.join('; ')}`);
      if (removed.length > 0) change('narrowed', was, removed, `${dest} reachable from ${from} for fewer requests, no longer: ${removed.join('; ')}`);
    }
  }
  for (const [key, cell] of before) {
    if (after.has(key)) continue;
    change('revoked', cell, [...cell.conditions], `${describeDestination(cell.destination)} no longer reachable from ${who(cell.source, false)} (was: ${cell.conditions.join('; ')})`);
  }
  return changes.sort((a, b) => CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind)
    || compareDestinations(a.destination, b.destination) || compareStrings(a.source, b.source));
}

/** Whether a change gives a source access it did not have (`granted` or `widened`). */
export function isNewAccess(change: AccessChange): boolean {
  return change.kind === 'granted' || change.kind === 'widened';
}

function cellKey(c: MatrixCell): string {
  return `${c.source}\u0000${c.destination.namespace}\u0000${c.destination.service}\u0000${c.destination.port}`;
}
