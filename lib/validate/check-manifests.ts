// SPDX-License-Identifier: Apache-2.0
/**
 * The rule packs over plain manifests (any YAML, not only SDK output): what `cdk8s-mesh check`
 * and the cdk8s-cli validation plugin run.
 */
import { Inventory } from '../analyze/inventory';
import type { ManifestDocument } from '../conform/manifest-document';
import type { RiskLevel } from '../model/mesh-model';
import { evaluate } from './engine';
import type { PackDefinition } from './pack';
import { DEFAULT_PACKS, PACKS, packNamed } from './packs';
import type { ComplianceReport } from './report';
import { RULES_BY_ID } from './rules';
import { TOOL } from './tool';

/** Options of a manifest check. */
export interface ManifestCheckOptions {
  /** Pack names (`nist-800-204a`…). @default every NIST pack */
  readonly packs?: readonly string[];
  /** Risk of workloads and namespaces without the `mesh.cdk8s.io/risk-profile` label. @default 'high' */
  readonly defaultRisk?: RiskLevel;
  /** Istio's root namespace. @default 'istio-system' */
  readonly rootNamespace?: string;
}

/** An unknown pack or risk name: a usage error. */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckUsageError';
  }
}

/** The packs named, or every NIST pack; throws CheckUsageError for an unknown name. */
export function resolvePacks(names: readonly string[] | undefined): PackDefinition[] {
  if (names === undefined || names.length === 0) return [...DEFAULT_PACKS];
  return [...new Set(names)].map((n) => {
    const pack = packNamed(n);
    if (!pack) throw new CheckUsageError(`unknown rule pack "${n}": expected one of ${Object.keys(PACKS).join(', ')}`);
    return pack;
  });
}

/** The risk level named; throws CheckUsageError otherwise. */
export function parseRisk(value: string): RiskLevel {
  if (value === 'low' || value === 'medium' || value === 'high') return value;
  throw new CheckUsageError(`unknown risk profile "${value}": expected low, medium or high`);
}

/** Runs the packs over the documents (suppressions come from `mesh.cdk8s.io/suppress.<id>` annotations). */
export function checkManifests(documents: readonly ManifestDocument[], options: ManifestCheckOptions = {}): ComplianceReport {
  const inventory = Inventory.fromObjects(
    documents.map((d) => ({ object: d.object, ...(d.file !== undefined ? { file: d.file } : {}), ...(d.line !== undefined ? { line: d.line } : {}) })),
    { rootNamespace: options.rootNamespace ?? 'istio-system', defaultRisk: options.defaultRisk ?? 'high' },
  );
  return evaluate({ inventory, packs: resolvePacks(options.packs), rules: RULES_BY_ID, tool: TOOL });
}
