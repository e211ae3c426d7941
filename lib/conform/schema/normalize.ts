// SPDX-License-Identifier: Apache-2.0
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { Finding } from '../common/finding';
import {
  OBJECT_TYPE_FIELDS, StructuralSchema, isPlainObject, mapValueSchema, preservesUnknownFields,
} from '../crd/structural-schema';
import { NameRule } from '../meta/names';
import { validateObjectMeta } from '../meta/object-meta';
import { checkListType } from './list-type';

/**
 * Options for `normalizeObject`.
 */
export interface NormalizeOptions {
  /** Drop `status`, as the API server does on create when the status subresource is enabled. */
  readonly dropStatus: boolean;
}

/**
 * Does what the API server does to a custom object before validating it, on a copy:
 * reports and prunes fields the schema does not declare (strict field validation), prunes
 * `null` values of non-nullable fields, applies `default`s, and checks
 * `x-kubernetes-list-type` set/map uniqueness and embedded resources' metadata. The
 * object's own `metadata` is left to `validateObjectMeta`.
 */
export function normalizeObject(
  obj: Record<string, unknown>, root: StructuralSchema, options: NormalizeOptions, findings: Finding[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'status' && options.dropStatus) continue;
    if (OBJECT_TYPE_FIELDS.includes(k)) {
      out[k] = v;
      continue;
    }
    const child = root.properties?.[k];
    if (!child) {
      if (!preservesUnknownFields(root)) {
        findings.push(unknownField(FieldPath.ROOT.child(k), k));
        continue;
      }
      out[k] = v;
    } else if (v !== null || child.nullable) {
      out[k] = normalize(v, child, FieldPath.ROOT.child(k), findings);
    }
  }
  applyDefaults(out, root, FieldPath.ROOT, findings, OBJECT_TYPE_FIELDS);
  return out;
}

function normalize(v: unknown, s: StructuralSchema, path: FieldPath, findings: Finding[]): unknown {
  if (Array.isArray(v)) {
    if (!s.items) return v;
    const items = s.items;
    const result = v.map((item, i) => (item === null ? null : normalize(item, items, path.index(i), findings)));
    checkListType(result, s, path, findings);
    return result;
  }
  if (!isPlainObject(v)) return v;
  const props = s.properties;
  const valueSchema = mapValueSchema(s);
  if (!props && !valueSchema && s.type !== 'object') return v;

  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const keepUnknown = preservesUnknownFields(s);
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    const child = props?.[k];
    if (child) {
      if (value !== null || child.nullable) out[k] = normalize(value, child, path.child(k), findings);
    } else if (valueSchema) {
      if (value !== null || valueSchema.nullable) out[k] = normalize(value, valueSchema, path.key(k), findings);
    } else if (keepUnknown || (embedded && OBJECT_TYPE_FIELDS.includes(k))) {
      out[k] = value;
    } else {
      findings.push(unknownField(path.child(k), k));
    }
  }
  applyDefaults(out, s, path, findings, []);
  if (embedded) {
    findings.push(...validateObjectMeta(out.metadata, path.child('metadata'), {
      nameRule: NameRule.DNS_SUBDOMAIN, requireName: false, checkStructure: true,
    }));
  }
  return out;
}

function applyDefaults(
  out: Record<string, unknown>, s: StructuralSchema, path: FieldPath, findings: Finding[], except: readonly string[],
): void {
  for (const [k, child] of Object.entries(s.properties ?? {})) {
    if (out[k] !== undefined || child.default === undefined || except.includes(k)) continue;
    out[k] = normalize(structuredClone(child.default), child, path.child(k), findings);
  }
}

function unknownField(path: FieldPath, key: string): Finding {
  return {
    path: path.toString(),
    message: `unknown field "${key}"`,
    type: ConformanceErrorType.UNKNOWN_FIELD,
  };
}
