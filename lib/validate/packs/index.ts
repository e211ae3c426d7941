// SPDX-License-Identifier: Apache-2.0
import { ISTIO_SEMANTICS } from './istio-semantics';
import { NIST800204 } from './nist-800-204';
import { NIST800204A } from './nist-800-204a';
import { NIST800204B } from './nist-800-204b';
import { NIST800207A } from './nist-800-207a';
import { NIST800233 } from './nist-800-233';
import type { PackDefinition } from '../pack';

/** Every pack, by name. */
export const PACKS = {
  'nist-800-204': NIST800204,
  'nist-800-204a': NIST800204A,
  'nist-800-204b': NIST800204B,
  'nist-800-207a': NIST800207A,
  'nist-800-233': NIST800233,
  'istio-semantics': ISTIO_SEMANTICS,
} as const satisfies Record<string, PackDefinition>;

/** A pack name. */
export type PackName = keyof typeof PACKS;

/** The packs that run by default (at synth and in `cdk8s-mesh check`). */
export const DEFAULT_PACKS: readonly PackDefinition[] = Object.values(PACKS);

/** The pack called `name`, or undefined. */
export function packNamed(name: string): PackDefinition | undefined {
  return (PACKS as Record<string, PackDefinition>)[name];
}
