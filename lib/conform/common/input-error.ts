// SPDX-License-Identifier: Apache-2.0

/**
 * Input that cannot be read at all: a missing file, bad YAML, a CRD without a schema.
 * The CLI maps it to exit code 2. Internal: callers of the library see a plain `Error`.
 */
export class ConformInputError extends Error {
  /**
   * Whether a value is a `ConformInputError`.
   */
  public static isConformInputError(x: unknown): x is ConformInputError {
    return x instanceof Error && (x as { conformInput?: boolean }).conformInput === true;
  }

  /** Brand that survives duplicated module instances. */
  public readonly conformInput = true;

  public constructor(message: string) {
    super(message);
    this.name = 'ConformInputError';
  }
}
