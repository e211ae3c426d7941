// SPDX-License-Identifier: Apache-2.0
import { StructuralSchema, isPlainObject } from '../crd/structural-schema';
import { KUBERNETES_FORMATS } from './formats';

type JsonSchema = Record<string, unknown>;

/** Value keywords copied as they are (OpenAPI v3 and JSON Schema agree on them). */
const COPIED = [
  'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf',
  'minProperties', 'maxProperties', 'required',
];

/**
 * Converts a Kubernetes structural schema to plain JSON Schema (draft-07) for ajv:
 * `nullable` becomes a `null` type, `x-kubernetes-int-or-string` an `integer`/`string` type,
 * OpenAPI's boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, formats the API
 * server does not check are dropped, and embedded resources get `apiVersion`, `kind` and
 * `metadata`. Unknown fields are not handled here: `normalizeObject` prunes and reports them
 * before ajv runs.
 */
export function toJsonSchema(s: StructuralSchema): JsonSchema {
  const out: JsonSchema = {};
  const types: string[] = [];
  if (s['x-kubernetes-int-or-string']) types.push('integer', 'string');
  else if (typeof s.type === 'string' && s.type !== '') types.push(s.type);
  if (types.length > 0) {
    if (s.nullable) types.push('null');
    out.type = types.length === 1 ? types[0] : types;
  }
  for (const k of COPIED) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.nullable && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof s.format === 'string' && s.format in KUBERNETES_FORMATS) out.format = s.format;
  bound(s, out, 'minimum', 'exclusiveMinimum');
  bound(s, out, 'maximum', 'exclusiveMaximum');

  const props: Record<string, JsonSchema> = {};
  for (const [k, child] of Object.entries(s.properties ?? {})) props[k] = toJsonSchema(child);
  if (s['x-kubernetes-embedded-resource']) {
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { type: 'object' };
    out.required = [...new Set([...((out.required as string[]) ?? []), 'apiVersion', 'kind'])];
  }
  if (Object.keys(props).length > 0) out.properties = props;
  if (isPlainObject(s.additionalProperties)) {
    out.additionalProperties = toJsonSchema(s.additionalProperties as StructuralSchema);
  }
  if (s.items) out.items = toJsonSchema(s.items);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[k];
    if (Array.isArray(list)) out[k] = list.map((x) => toJsonSchema(x));
  }
  if (s.not) out.not = toJsonSchema(s.not);
  return out;
}

/**
 * The JSON Schema of a whole custom object: the version's schema plus the `apiVersion`,
 * `kind` and `metadata` every object has (Istio's schemas declare only `spec` and `status`).
 */
export function rootJsonSchema(s: StructuralSchema): JsonSchema {
  const out = toJsonSchema({ ...s, type: 'object' });
  const props = { ...((out.properties as Record<string, JsonSchema>) ?? {}) };
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { ...(props.metadata ?? {}), type: 'object' };
  out.properties = props;
  return out;
}

function bound(s: StructuralSchema, out: JsonSchema, inclusive: string, exclusive: string): void {
  const limit = s[inclusive];
  if (typeof limit !== 'number') return;
  if (s[exclusive] === true) out[exclusive] = limit;
  else out[inclusive] = limit;
}
