// SPDX-License-Identifier: Apache-2.0
/**
 * The large-mesh generator of the issue 7 benchmark (the timing itself runs in bench/, not as a
 * test): its size, and a small mesh of the same shape through the matrix.
 */
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../../lib/analyze/inventory';
import { matrixOfInventory } from '../../../lib/analyze/authz/matrix-load';
import { BENCH_SIZE, generateLargeMesh } from './matrix-helpers';

const count = (objects: unknown[], kind: string) => objects.filter((o) => (o as { kind: string }).kind === kind).length;

describe('large mesh generator', () => {
  it('has the benchmark size: 2,000 Services and Deployments, 10,000 AuthorizationPolicies, 20 namespaces', () => {
    const objects = generateLargeMesh(BENCH_SIZE);
    expect([count(objects, 'Service'), count(objects, 'Deployment'), count(objects, 'AuthorizationPolicy'), count(objects, 'Namespace')]).toEqual([2000, 2000, 10000, 20]);
  });

  it('a small mesh of the same shape: named callers, namespaces and tokens reach their services, nobody else', () => {
    const objects = generateLargeMesh({ namespaces: 2, services: 10, policies: 52 });
    const matrix = matrixOfInventory(Inventory.fromObjects(objects.map((object) => ({ object }))));
    expect(matrix.destinations).toHaveLength(10);
    const sources = new Set(matrix.cells.map((c) => c.source));
    expect(sources.has('*')).toBe(false);
    expect(sources.has('plaintext')).toBe(false);
    expect([...sources].some((s) => s.endsWith('/sa/*'))).toBe(true);
    expect(matrix.cells.some((c) => c.conditions.some((x) => x.startsWith('POST /charge with jwt iss=https://idp.example.com')))).toBe(true);
    expect(matrix.cells.every((c) => c.access === 'conditional')).toBe(true);
    expect(JSON.stringify(matrixOfInventory(Inventory.fromObjects(objects.map((object) => ({ object })))))).toBe(JSON.stringify(matrix));
  });
});
