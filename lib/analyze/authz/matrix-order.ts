// SPDX-License-Identifier: Apache-2.0
/** The sort orders of the access matrix and diff (plain code-unit order, locale-independent). */
import type { MatrixDestination } from './types';

/** Plain code-unit order (locale-independent). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Destinations by namespace, service, port. */
export function compareDestinations(a: MatrixDestination, b: MatrixDestination): number {
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.service, b.service) || a.port - b.port;
}
