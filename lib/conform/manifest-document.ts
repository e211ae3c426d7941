// SPDX-License-Identifier: Apache-2.0

/**
 * One object of a manifest, with where it came from.
 */
export interface ManifestDocument {
  /**
   * The parsed object (a plain JSON value).
   */
  readonly object: any;

  /**
   * The file the object was read from.
   *
   * @default - not read from a file
   */
  readonly file?: string;

  /**
   * Zero-based position of the document in its file.
   *
   * @default - not read from a file
   */
  readonly documentIndex?: number;

  /**
   * 1-based line of the file where the document starts.
   *
   * @default - not read from a file
   */
  readonly line?: number;
}
