// SPDX-License-Identifier: Apache-2.0

/**
 * A field path in the Kubernetes style: `spec.rules[0].from[0]`, map entries as
 * `labels[app]`. Immutable; `child`, `index` and `key` return new paths.
 */
export class FieldPath {
  /** The path of the object itself. */
  public static readonly ROOT = new FieldPath('');

  private constructor(private readonly text: string) {}

  /** A declared property of an object. */
  public child(name: string): FieldPath {
    return new FieldPath(this.text === '' ? name : `${this.text}.${name}`);
  }

  /** An item of a list. */
  public index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  /** An entry of a map (`additionalProperties`). */
  public key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  public toString(): string {
    return this.text;
  }
}
