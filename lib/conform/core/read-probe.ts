// SPDX-License-Identifier: Apache-2.0
import { FieldPath } from '../common/field-path';
import { PointerResolver, pointerSegments, valueAtPointer } from '../schema/ajv-findings';
import { isPlainObject } from '../crd/structural-schema';

interface ObjectRecord {
  readonly path: FieldPath;
  readonly target: Record<string, unknown>;
  readonly read: Set<string>;
  enumerated: boolean;
}

/**
 * Finds unknown fields with a validator that does not report them. kubernetes-models ships
 * ajv validators compiled from the Kubernetes OpenAPI definitions without
 * `additionalProperties: false`, but they test every declared property of every object they
 * validate (`data.replicas !== undefined`) and enumerate the keys of maps. Running a
 * validator on a proxy that records those reads tells which keys it knows: a key of a
 * struct that was never read is not declared. Objects never read from (free-form fields
 * such as `RawExtension`) and enumerated maps are not judged.
 */
export class ReadProbe {
  /** The proxy to hand to the validator. */
  public readonly proxy: unknown;
  private readonly records = new Map<string, ObjectRecord>();

  public constructor(private readonly root: unknown) {
    this.proxy = this.wrap(root, FieldPath.ROOT);
  }

  /** Keys of struct-like objects the validator never looked at, with their paths, in document order. */
  public unknownFields(): Array<{ path: FieldPath; key: string }> {
    const found: Array<{ path: FieldPath; key: string; target: object; index: number }> = [];
    for (const rec of this.records.values()) {
      if (rec.enumerated || rec.read.size === 0) continue;
      Object.keys(rec.target).forEach((key, index) => {
        if (!rec.read.has(key)) found.push({ path: rec.path.child(key), key, target: rec.target, index });
      });
    }
    if (found.length > 1) {
      const order = new Map<unknown, number>();
      const visit = (v: unknown): void => {
        if (typeof v !== 'object' || v === null || order.has(v)) return;
        order.set(v, order.size);
        for (const child of Object.values(v)) visit(child);
      };
      visit(this.root);
      const position = (f: { target: object; index: number }) => (order.get(f.target) ?? 0) * 1e6 + f.index;
      found.sort((a, b) => position(a) - position(b));
    }
    return found.map(({ path, key }) => ({ path, key }));
  }

  /** Resolves the validator's JSON pointers, telling map keys from properties by what was enumerated. */
  public get resolver(): PointerResolver {
    return {
      path: (pointer) => {
        let path = FieldPath.ROOT;
        let v: unknown = this.root;
        for (const seg of pointerSegments(pointer)) {
          if (Array.isArray(v)) {
            path = path.index(Number(seg));
          } else {
            path = this.records.get(path.toString())?.enumerated ? path.key(seg) : path.child(seg);
          }
          v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg] : undefined;
        }
        return path;
      },
      value: (pointer) => valueAtPointer(this.root, pointer),
    };
  }

  private wrap(v: unknown, path: FieldPath): unknown {
    if (typeof v !== 'object' || v === null) return v;
    let rec: ObjectRecord | undefined;
    if (isPlainObject(v)) {
      const key = path.toString();
      rec = this.records.get(key);
      if (!rec) {
        rec = { path, target: v, read: new Set(), enumerated: false };
        this.records.set(key, rec);
      }
    }
    const record = rec;
    return new Proxy(v, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || !Object.prototype.hasOwnProperty.call(target, prop)) {
          if (record && typeof prop === 'string') record.read.add(prop);
          return value;
        }
        if (Array.isArray(target)) return this.wrap(value, path.index(Number(prop)));
        record?.read.add(prop);
        return this.wrap(value, record?.enumerated ? path.key(prop) : path.child(prop));
      },
      ownKeys: (target) => {
        if (record) record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  }
}
