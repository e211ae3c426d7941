// SPDX-License-Identifier: Apache-2.0
/**
 * Issue 7, correctness: random meshes built with the SDK and compiled for every proxy model,
 * random requests; the authorization engine's decision over the compiled manifests must equal
 * the decision the intent implies (intent-oracle.ts). On a mismatch the mesh is first reduced to
 * what the failure needs (minimize.ts), then fast-check shrinks the raw values; the failure
 * prints the intent as SDK calls, the request, both decisions, the engine's chain and the
 * compiled security objects.
 *
 * Each run draws a new seed; fast-check prints the seed and the path of a failure. Replay it
 * with MESH_PROPERTY_SEED=<seed> (and MESH_PROPERTY_PATH=<path> for the shrunk case only).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMesh } from './build-mesh';
import { EngineCheck } from './engine-check';
import { meshIntentArb } from './intent-arbitrary';
import { assertAgreesMinimized } from './minimize';
import { MODEL_CHOICES, serviceKey } from './mesh-intent';
import { rawRequestArb, resolveRequest } from './request-arbitrary';

/**
 * Meshes per run, and the most requests per mesh (drawn uniformly from 1): about 19,000
 * (mesh, request) pairs, in about 30 s on a busy 2-core machine (building and synthesizing a
 * mesh costs far more than deciding a request).
 */
const RUNS = 1000;
const REQUESTS_PER_MESH = 40;

describe('authorization engine against the intent (property)', () => {
  it('decides every request on every compiled mesh as the intent implies', () => {
    const seed = process.env.MESH_PROPERTY_SEED;
    const path = process.env.MESH_PROPERTY_PATH;
    // Decisions per destination proxy model, for the coverage line and its checks.
    const byModel = new Map(MODEL_CHOICES.map((m) => [m, { ALLOW: 0, DENY: 0 }]));
    let meshes = 0;
    fc.assert(
      fc.property(meshIntentArb, fc.array(rawRequestArb, { minLength: 1, maxLength: REQUESTS_PER_MESH, size: 'max' }), (intent, raws) => {
        const built = buildMesh(intent);
        fc.pre(built !== undefined);
        const check = new EngineCheck(built!);
        const counts: [string, 'ALLOW' | 'DENY'][] = raws.map((raw, i) => {
          const request = resolveRequest(built!.intent, raw);
          const model = built!.intent.services.find((s) => serviceKey(s) === request.destination)!.model;
          return [model, assertAgreesMinimized(check, request, `r${i}`).actual.decision];
        });
        meshes++;
        for (const [model, decision] of counts) byModel.get(model as never)![decision]++;
      }),
      { numRuns: RUNS, ...(seed !== undefined ? { seed: Number(seed) } : {}), ...(path !== undefined ? { path } : {}) },
    );
    const total = [...byModel.values()].reduce((n, c) => n + c.ALLOW + c.DENY, 0);
    console.log(`engine vs intent: ${total} requests over ${meshes} meshes, 0 mismatches; allowed/denied per destination model: `
      + [...byModel].map(([m, c]) => `${m} ${c.ALLOW}/${c.DENY}`).join(', '));
    if (path !== undefined) return;
    expect(total).toBeGreaterThan(5000);
    // Every model must see both outcomes often, or the property proves little about it.
    for (const [model, c] of byModel) {
      expect(c.ALLOW, `${model} allowed`).toBeGreaterThan(100);
      expect(c.DENY, `${model} denied`).toBeGreaterThan(100);
    }
  }, 180_000);
});
