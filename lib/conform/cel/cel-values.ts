// SPDX-License-Identifier: Apache-2.0
import { CelValue, celEnv, celList, celMap, isCelError, parse, plan } from '@bufbuild/cel';
import { OBJECT_TYPE_FIELDS, StructuralSchema, isPlainObject, mapValueSchema } from '../crd/structural-schema';

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/**
 * The name a declared property has in CEL, with Kubernetes' escaping (`__dash__`, `__dot__`,
 * `__slash__`, `__underscores__`, `__namespace__`…), or `undefined` when it cannot be
 * accessed from CEL.
 */
export function celFieldName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  const escaped = name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__').replace(/\//g, '__slash__');
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(escaped) ? escaped : undefined;
}

const scalarEnv = celEnv();
const toTimestamp = plan(scalarEnv, parse('timestamp(x)'));
const toDuration = plan(scalarEnv, parse('duration(x)'));

function convertString(s: string, format: string | undefined): CelValue {
  switch (format) {
    case 'date-time':
    case 'date': {
      const r = toTimestamp({ x: format === 'date' ? `${s}T00:00:00Z` : s });
      return isCelError(r) ? s : (r as CelValue);
    }
    case 'duration': {
      const r = toDuration({ x: s });
      return isCelError(r) ? s : (r as CelValue);
    }
    case 'byte':
      return new Uint8Array(Buffer.from(s, 'base64'));
    default:
      return s;
  }
}

/**
 * Converts JSON values to CEL values the way the API server types them from the schema:
 * `integer` (and integral int-or-string or untyped numbers) becomes CEL `int` (BigInt),
 * `number` becomes `double`, `date-time`/`duration`/`byte` strings become timestamps,
 * durations and bytes, objects with declared properties expose only those (escaped), and
 * embedded resources' `metadata` only `name` and `generateName`. One converter per object:
 * converted subtrees are reused by every rule below them.
 */
export class CelValueConverter {
  private readonly memo = new WeakMap<object, CelValue>();

  /** The value of `self` for a rule on the object's root schema. */
  public root(obj: Record<string, unknown>, schema: StructuralSchema): CelValue {
    return this.object(obj, schema, true);
  }

  /** The value of `self` for a rule at a schema node. */
  public convert(v: unknown, schema: StructuralSchema | undefined): CelValue {
    if (v === null || v === undefined) return null;
    switch (typeof v) {
      case 'boolean':
        return v;
      case 'string':
        return schema?.type === 'string' ? convertString(v, schema.format) : v;
      case 'number':
        if (schema?.type === 'number') return v;
        return Number.isInteger(v) ? BigInt(v) : v;
      case 'object':
        break;
      default:
        return null;
    }
    const cached = this.memo.get(v);
    if (cached !== undefined) return cached;
    const result = Array.isArray(v)
      ? celList(v.map((item) => this.convert(item, schema?.items)))
      : this.object(v as Record<string, unknown>, schema, schema?.['x-kubernetes-embedded-resource'] === true);
    this.memo.set(v, result);
    return result;
  }

  private object(obj: Record<string, unknown>, schema: StructuralSchema | undefined, resource: boolean): CelValue {
    const entries = new Map<string, CelValue>();
    const props = schema?.properties;
    const valueSchema = schema ? mapValueSchema(schema) : undefined;
    if (!props && !resource) {
      for (const [k, v] of Object.entries(obj)) entries.set(k, this.convert(v, valueSchema));
      return celMap(entries);
    }
    for (const [k, v] of Object.entries(obj)) {
      if (resource && OBJECT_TYPE_FIELDS.includes(k)) {
        entries.set(k, k === 'metadata' ? this.metadata(v) : this.convert(v, undefined));
        continue;
      }
      const child = props?.[k];
      const name = child ? celFieldName(k) : undefined;
      if (child && name !== undefined) entries.set(name, this.convert(v, child));
    }
    return celMap(entries);
  }

  private metadata(v: unknown): CelValue {
    const entries = new Map<string, CelValue>();
    if (isPlainObject(v)) {
      for (const k of ['name', 'generateName']) {
        if (typeof v[k] === 'string') entries.set(k, v[k] as string);
      }
    }
    return celMap(entries);
  }
}
