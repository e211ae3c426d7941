// SPDX-License-Identifier: Apache-2.0

/** The parts every user-facing error of cdk8s-mesh states. */
export interface MeshErrorDetails {
  /** Construct path of the offending construct. */
  readonly path: string;
  /** What was wrong, e.g. `invalid service name`. */
  readonly problem: string;
  /** The bad value, shown verbatim (JSON-quoted). */
  readonly value?: unknown;
  /** What is expected instead. */
  readonly expected: string;
  /** How to fix it, naming the API to call or the prop to change. */
  readonly fix: string;
}

/**
 * An error caused by user input. Its message names the construct path, the bad value,
 * what is expected and the fix, so command-line front ends print it without a stack trace.
 */
export class MeshError extends Error {
  /** Marks errors that are the user's input, not a defect of cdk8s-mesh. */
  public static isMeshError(x: unknown): x is MeshError {
    return typeof x === 'object' && x !== null && (x as { [MESH_ERROR]?: boolean })[MESH_ERROR] === true;
  }

  public readonly details: MeshErrorDetails;

  constructor(details: MeshErrorDetails) {
    super(formatMeshError(details));
    this.name = 'MeshError';
    this.details = details;
    Object.defineProperty(this, MESH_ERROR, { value: true });
    // A user's mistake is fully described by the message (construct path, value, fix):
    // uncaught in a cdk8s app, it prints as one line instead of library stack frames.
    this.stack = `${this.name}: ${this.message}`;
  }
}

const MESH_ERROR = Symbol.for('cdk8s-mesh.MeshError');

/** `<path>: <problem> <value>: expected <expected>; fix: <fix>` in one line. */
export function formatMeshError(d: MeshErrorDetails): string {
  const value = d.value === undefined ? '' : ` ${JSON.stringify(d.value)}`;
  return `${d.path}: ${d.problem}${value}: expected ${d.expected}; fix: ${d.fix}`;
}
