// SPDX-License-Identifier: Apache-2.0
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { Finding } from '../common/finding';
import { isPlainObject } from '../crd/structural-schema';
import { NameRule, dns1123Label, labelValue, nameProblems, qualifiedName } from './names';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]);
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Options for `validateObjectMeta`. */
export interface ObjectMetaOptions {
  /** How `name` is validated. */
  readonly nameRule: NameRule;
  /** Whether `name` (or `generateName`) must be set: not for embedded resources. */
  readonly requireName: boolean;
  /**
   * Whether this function also reports unknown fields and non-string values; false for
   * built-in kinds, whose model already does.
   */
  readonly checkStructure: boolean;
}

/**
 * The API server's `ValidateObjectMeta` basics: name (or generateName) set and well
 * formed, namespace an RFC 1123 label, labels and annotations string maps with valid keys
 * and values.
 */
export function validateObjectMeta(meta: unknown, at: FieldPath, options: ObjectMetaOptions): Finding[] {
  const out: Finding[] = [];
  const add = (path: FieldPath, message: string, type = ConformanceErrorType.METADATA) =>
    out.push({ path: path.toString(), message, type });
  if (meta === undefined || meta === null) {
    if (options.requireName) add(at.child('name'), 'required value: name or generateName is required');
    return out;
  }
  if (!isPlainObject(meta)) {
    add(at, 'must be an object');
    return out;
  }
  if (options.checkStructure) {
    for (const k of Object.keys(meta)) {
      if (!OBJECT_META_FIELDS.has(k)) add(at.child(k), `unknown field "${k}"`, ConformanceErrorType.UNKNOWN_FIELD);
    }
  }
  const { name, generateName, namespace } = meta;
  for (const [field, value] of [['name', name], ['generateName', generateName], ['namespace', namespace]] as const) {
    if (options.checkStructure && value !== undefined && value !== null && typeof value !== 'string') {
      add(at.child(field), 'must be a string');
    }
  }
  if (typeof name === 'string' && name !== '') {
    for (const m of nameProblems(name, options.nameRule)) add(at.child('name'), `invalid value "${name}": ${m}`);
  } else if (typeof generateName === 'string' && generateName !== '') {
    for (const m of nameProblems(generateName, options.nameRule, true)) {
      add(at.child('generateName'), `invalid value "${generateName}": ${m}`);
    }
  } else if (options.requireName) {
    add(at.child('name'), 'required value: name or generateName is required');
  }
  if (typeof namespace === 'string' && namespace !== '') {
    for (const m of dns1123Label(namespace)) add(at.child('namespace'), `invalid value "${namespace}": ${m}`);
  }
  const maps = { add, strict: options.checkStructure };
  checkStringMap(meta.labels, at.child('labels'), maps, (k, v) => [
    ...qualifiedName(k).map((m) => `invalid key "${k}": ${m}`),
    ...labelValue(v).map((m) => `invalid value "${v}": ${m}`),
  ]);
  let size = 0;
  checkStringMap(meta.annotations, at.child('annotations'), maps, (k, v) => {
    size += k.length + v.length;
    return qualifiedName(k.toLowerCase()).map((m) => `invalid key "${k}": ${m}`);
  });
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    add(at.child('annotations'), `too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
  }
  return out;
}

function checkStringMap(
  value: unknown, at: FieldPath, out: { add: (p: FieldPath, m: string) => void; strict: boolean },
  entry: (k: string, v: string) => string[],
): void {
  const { add, strict } = out;
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) {
    if (strict) add(at, 'must be a map of strings to strings');
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      if (strict) add(at.key(k), `invalid value ${JSON.stringify(v)}: must be a string`);
      continue;
    }
    for (const m of entry(k, v)) add(at.key(k), m);
  }
}
