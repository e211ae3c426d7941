// SPDX-License-Identifier: Apache-2.0

/**
 * One `x-kubernetes-validations` entry of a CRD schema.
 */
export interface ValidationRuleSpec {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/**
 * The parts of a Kubernetes structural schema (OpenAPI v3 subset plus `x-kubernetes-*`
 * extensions) that conform reads. Internal.
 */
export interface StructuralSchema {
  readonly type?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly required?: readonly string[];
  readonly allOf?: readonly StructuralSchema[];
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly ValidationRuleSpec[];
  readonly [keyword: string]: unknown;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The schema of an additionalProperties map's values, if the node is such a map. */
export function mapValueSchema(s: StructuralSchema): StructuralSchema | undefined {
  return isPlainObject(s.additionalProperties) ? (s.additionalProperties as StructuralSchema) : undefined;
}

/** Whether unknown keys of an object at this node are kept rather than rejected. */
export function preservesUnknownFields(s: StructuralSchema): boolean {
  return s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true;
}

/** The fields every embedded resource (and the root object) has, whatever its schema says. */
export const OBJECT_TYPE_FIELDS: readonly string[] = ['apiVersion', 'kind', 'metadata'];
