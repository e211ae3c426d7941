// SPDX-License-Identifier: Apache-2.0
import type { Severity } from './rule';

/**
 * A pack: a named, versioned list of rule ids, with severity overrides where the standard
 * weighs a rule differently. A pack never gets stricter within a version; a stricter pack is
 * a new version (Istio's rule for validation).
 */
export interface PackDefinition {
  /** e.g. `nist-800-204a`. */
  readonly name: string;
  /** The pack's edition; bump it when a rule is added or a severity raised. */
  readonly version: string;
  /** The standard it follows, for reports. */
  readonly title: string;
  readonly rules: readonly { readonly id: string; readonly severity?: Severity }[];
}

/** `name@version`. */
export function packKey(pack: PackDefinition): string {
  return `${pack.name}@${pack.version}`;
}
