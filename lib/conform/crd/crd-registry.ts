// SPDX-License-Identifier: Apache-2.0
import { ConformInputError } from '../common/input-error';
import { StructuralSchema, isPlainObject } from './structural-schema';

/**
 * One served version of a CustomResourceDefinition.
 */
export interface CrdVersion {
  /** `metadata.name` of the CRD, e.g. `authorizationpolicies.security.istio.io`. */
  readonly crdName: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Whether objects are namespaced (`spec.scope: Namespaced`). */
  readonly namespaced: boolean;
  /** The version's `schema.openAPIV3Schema`. */
  readonly schema: StructuralSchema;
  /** Whether the status subresource is enabled (status is then dropped on create). */
  readonly statusSubresource: boolean;
}

/**
 * The served versions of a set of CRDs, looked up by `apiVersion` and `kind`.
 */
export class CrdRegistry {
  /**
   * Reads CRD objects; other objects are ignored. Throws `ConformInputError` for a CRD
   * that is not `apiextensions.k8s.io/v1` or lacks its group, kind or a served version's schema.
   */
  public static fromObjects(objects: readonly unknown[]): CrdRegistry {
    const registry = new CrdRegistry();
    for (const o of objects) {
      if (CrdRegistry.isCrd(o)) registry.add(o);
    }
    return registry;
  }

  /** Whether an object is a CustomResourceDefinition. */
  public static isCrd(o: unknown): o is Record<string, unknown> {
    return isPlainObject(o) && o.kind === 'CustomResourceDefinition'
      && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apiextensions.k8s.io/');
  }

  private readonly byKey = new Map<string, CrdVersion>();
  private readonly groups = new Set<string>();

  private constructor() {}

  /** The served version for an object's apiVersion and kind. */
  public lookup(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.byKey.get(`${apiVersion}/${kind}`);
  }

  /** Whether some CRD defines the API group. */
  public hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  /** Every served version. */
  public get versions(): CrdVersion[] {
    return [...this.byKey.values()];
  }

  private add(crd: Record<string, unknown>): void {
    const name = isPlainObject(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '<unnamed>';
    const fail = (why: string): never => {
      throw new ConformInputError(`invalid CustomResourceDefinition ${name}: ${why}`);
    };
    if (crd.apiVersion !== 'apiextensions.k8s.io/v1') fail(`apiVersion ${String(crd.apiVersion)} is not supported, use apiextensions.k8s.io/v1`);
    const spec = isPlainObject(crd.spec) ? crd.spec : fail('spec is missing');
    const group = typeof spec.group === 'string' ? spec.group : fail('spec.group is missing');
    const names = isPlainObject(spec.names) ? spec.names : fail('spec.names is missing');
    const kind = typeof names.kind === 'string' ? names.kind : fail('spec.names.kind is missing');
    const versions = Array.isArray(spec.versions) ? spec.versions : fail('spec.versions is missing');
    this.groups.add(group);
    for (const v of versions) {
      if (!isPlainObject(v) || typeof v.name !== 'string') fail('a version has no name');
      const version = v as Record<string, unknown>;
      if (version.served !== true) continue;
      const schema = isPlainObject(version.schema) && isPlainObject(version.schema.openAPIV3Schema)
        ? version.schema.openAPIV3Schema as StructuralSchema
        : fail(`version ${String(version.name)} has no schema.openAPIV3Schema`);
      const subresources = isPlainObject(version.subresources) ? version.subresources : {};
      this.byKey.set(`${group}/${String(version.name)}/${kind}`, {
        crdName: name,
        group,
        version: String(version.name),
        kind,
        namespaced: spec.scope !== 'Cluster',
        schema,
        statusSubresource: subresources.status !== undefined,
      });
    }
  }
}
