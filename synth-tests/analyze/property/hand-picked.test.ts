// SPDX-License-Identifier: Apache-2.0
/**
 * The property's comparison on hand-picked meshes, without randomness: every mesh is built with
 * the SDK (no call refused), and each request's decision is written out by hand; both the
 * oracle (the intent) and the engine (the compiled manifests) must give it.
 */
import { describe, expect, it } from 'vitest';
import { buildMesh } from './build-mesh';
import { EngineCheck } from './engine-check';
import { HAND_PICKED } from './hand-picked';
import { decideFromIntent } from './intent-oracle';
import { MODEL_CHOICES, describeRequest } from './mesh-intent';

describe('authorization engine against the intent (hand-picked meshes)', () => {
  for (const model of MODEL_CHOICES) {
    describe(`destination on ${model}`, () => {
      for (const mesh of HAND_PICKED[model]) {
        it(mesh.title, () => {
          const built = buildMesh({ trustDomain: 'cluster.local', issuer: 'https://idp.example', ...(mesh.audiences ? { audiences: mesh.audiences } : {}), services: mesh.services })!;
          expect(built.refused).toEqual([]);
          const check = new EngineCheck(built);
          for (const [request, expected] of mesh.requests) {
            // Soft: every request of the mesh is checked and reported, not only the first that fails.
            expect.soft(decideFromIntent(built.intent, request).decision, `oracle: ${describeRequest(request)}`).toBe(expected);
            const c = check.compare(request);
            expect.soft(c.actual.decision, check.explain(c)).toBe(expected);
          }
        });
      }
    });
  }
});
