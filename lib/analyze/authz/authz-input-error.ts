// SPDX-License-Identifier: Apache-2.0

/**
 * Bad input to the authorization engine: a request naming a workload, Service or port the
 * manifests do not hold, or a requests file that does not follow DESIGN.md decision 10. The
 * message names the bad value and what is expected; the CLI maps it to exit code 2.
 */
export class AuthzInputError extends Error {
  /** Whether a value is an `AuthzInputError` (also across duplicated module instances). */
  public static isAuthzInputError(x: unknown): x is AuthzInputError {
    return x instanceof Error && (x as { authzInput?: boolean }).authzInput === true;
  }

  /** Brand that survives duplicated module instances. */
  public readonly authzInput = true;

  public constructor(message: string) {
    super(message);
    this.name = 'AuthzInputError';
  }
}
