// SPDX-License-Identifier: Apache-2.0
/**
 * The access matrix of manifest files: read them (files or directories, as every command
 * does), index them in an inventory, and ask the authorization engine.
 */
import { ManifestReader } from '../../conform/manifest-reader';
import { Inventory, type InventoryOptions } from '../inventory';
import { AuthorizationEngine } from './engine';
import { type AccessMatrixOptions, accessMatrix } from './matrix';
import { trustDomainOf } from './matrix-identities';
import type { AccessMatrix } from './types';

/** Options of {@link matrixOfPaths}. */
export interface MatrixOfPathsOptions extends AccessMatrixOptions {
  /** Istio's root namespace. @default 'istio-system' */
  readonly rootNamespace?: string;
}

/**
 * The inventory of manifest files and directories (`.yaml`, `.yml`, `.json`).
 *
 * @throws when a path does not exist or a file is not valid YAML; the message names the file and line
 */
export function inventoryOfPaths(paths: readonly string[], options: InventoryOptions = {}): Inventory {
  const documents = ManifestReader.readFiles([...paths]);
  return Inventory.fromObjects(documents.map((d) => ({ object: d.object, ...(d.file !== undefined ? { file: d.file } : {}), ...(d.line !== undefined ? { line: d.line } : {}) })), options);
}

/** The access matrix of an inventory, decided by the authorization engine. */
export function matrixOfInventory(inventory: Inventory, options: AccessMatrixOptions = {}): AccessMatrix {
  const trustDomain = options.trustDomain ?? trustDomainOf(inventory);
  return accessMatrix(AuthorizationEngine.fromInventory(inventory, { trustDomain }), inventory, { trustDomain });
}

/** The access matrix of manifest files and directories. */
export function matrixOfPaths(paths: readonly string[], options: MatrixOfPathsOptions = {}): AccessMatrix {
  const inventory = inventoryOfPaths(paths, options.rootNamespace !== undefined ? { rootNamespace: options.rootNamespace } : {});
  return matrixOfInventory(inventory, options.trustDomain !== undefined ? { trustDomain: options.trustDomain } : {});
}
