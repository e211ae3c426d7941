// SPDX-License-Identifier: Apache-2.0
import type { ErrorObject } from 'ajv';
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { Finding } from '../common/finding';
import { StructuralSchema, mapValueSchema } from '../crd/structural-schema';

/**
 * Keywords whose failure the API server reports as Required, NotSupported, TypeInvalid,
 * TooLong or TooMany; any of them stops CEL rules from running (apiextensions'
 * `hasBlockingErr`).
 */
const BLOCKING = new Set(['type', 'enum', 'required', 'maxLength', 'maxItems', 'maxProperties']);

/** ajv's findings, in the API server's words. */
export interface SchemaFindings {
  readonly findings: Finding[];
  /** Whether CEL rules must be skipped. */
  readonly blocking: boolean;
}

/**
 * Maps ajv's JSON pointers (`/spec/rules/0`) to field paths and values.
 */
export interface PointerResolver {
  /** The field path of a pointer. */
  path(pointer: string): FieldPath;
  /** The value at a pointer. */
  value(pointer: string): unknown;
}

/**
 * Turns ajv errors into findings. Errors raised inside an `anyOf`/`oneOf`/`not` branch are
 * dropped: like the API server, only the combinator's own error is reported.
 */
export function ajvFindings(errors: readonly ErrorObject[], resolver: PointerResolver): SchemaFindings {
  const findings: Finding[] = [];
  let blocking = false;
  const seen = new Set<string>();
  for (const e of errors) {
    if (/\/(anyOf|oneOf|not)\//.test(e.schemaPath)) continue;
    let path = resolver.path(e.instancePath);
    if (e.keyword === 'required') path = path.child(String((e.params as { missingProperty: string }).missingProperty));
    const message = describe(e, e.data === undefined ? resolver.value(e.instancePath) : e.data);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    blocking ||= BLOCKING.has(e.keyword);
    findings.push({ path: path.toString(), message, type: ConformanceErrorType.SCHEMA });
  }
  return { findings, blocking };
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describe(e: ErrorObject, data: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `invalid value ${show(data)}: must be of type ${String(p.type).split(',').join(' or ')}, got ${typeName(data)}`;
    case 'enum':
      return `unsupported value ${show(data)}: supported values: ${(p.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'required':
      return 'required value';
    case 'pattern':
      return `invalid value ${show(data)}: should match '${p.pattern}'`;
    case 'format':
      return `invalid value ${show(data)}: must be a valid ${p.format}`;
    case 'maxLength':
      return `too long: may not be more than ${p.limit} characters`;
    case 'minLength':
      return `invalid value ${show(data)}: should be at least ${p.limit} characters long`;
    case 'maxItems':
      return `too many: ${(data as unknown[]).length}: must have at most ${p.limit} items`;
    case 'minItems':
      return `should have at least ${p.limit} items`;
    case 'maxProperties':
      return `too many: must have at most ${p.limit} properties`;
    case 'minProperties':
      return `should have at least ${p.limit} properties`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `invalid value ${show(data)}: should be ${p.comparison} ${p.limit}`;
    case 'multipleOf':
      return `invalid value ${show(data)}: should be a multiple of ${p.multipleOf}`;
    case 'uniqueItems':
      return `duplicate value: items ${p.j} and ${p.i} are identical`;
    case 'oneOf':
      return 'must validate one and only one schema (oneOf)';
    case 'anyOf':
      return 'must validate at least one schema (anyOf)';
    case 'not':
      return 'must not validate the schema (not)';
    default:
      return (e.message ?? `fails ${e.keyword}`).toLowerCase();
  }
}

/** The segments of a JSON pointer, unescaped. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON pointer. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let v = root;
  for (const seg of pointerSegments(pointer)) {
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return v;
}

/** Resolves pointers into an object validated against a structural schema. */
export function schemaPointerResolver(root: StructuralSchema, obj: unknown): PointerResolver {
  return { path: (p) => pointerToPath(p, root), value: (p) => valueAtPointer(obj, p) };
}

/** A JSON pointer as a field path, using the schema to tell map keys from properties. */
function pointerToPath(pointer: string, root: StructuralSchema): FieldPath {
  let path = FieldPath.ROOT;
  let schema: StructuralSchema | undefined = root;
  for (const seg of pointerSegments(pointer)) {
    const declared: StructuralSchema | undefined = schema?.properties?.[seg];
    if (declared) {
      path = path.child(seg);
      schema = declared;
    } else if (schema?.items && /^[0-9]+$/.test(seg)) {
      path = path.index(Number(seg));
      schema = schema.items;
    } else if (schema && mapValueSchema(schema)) {
      path = path.key(seg);
      schema = mapValueSchema(schema);
    } else {
      path = /^[0-9]+$/.test(seg) ? path.index(Number(seg)) : path.child(seg);
      schema = undefined;
    }
  }
  return path;
}
