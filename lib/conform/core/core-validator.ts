// SPDX-License-Identifier: Apache-2.0
import type { ErrorObject } from 'ajv';
import { FieldPath } from '../common/field-path';
import { Finding } from '../common/finding';
import { ConformanceErrorType } from '../conformance-error';
import { NameRule } from '../meta/names';
import { validateObjectMeta } from '../meta/object-meta';
import { ajvFindings } from '../schema/ajv-findings';
import { ReadProbe } from './read-probe';

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: unknown): void };
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const NOT_FOUND = new Set(['ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
const NAME_RULES: Record<string, NameRule> = {
  Namespace: NameRule.DNS_LABEL,
  Service: NameRule.DNS1035_LABEL,
  Role: NameRule.PATH_SEGMENT,
  ClusterRole: NameRule.PATH_SEGMENT,
  RoleBinding: NameRule.PATH_SEGMENT,
  ClusterRoleBinding: NameRule.PATH_SEGMENT,
};

const models = new Map<string, Promise<CoreValidator | undefined>>();

/**
 * Validates a built-in Kubernetes kind (Deployment, Service, NetworkPolicy, …) against the
 * OpenAPI models of the `kubernetes-models` package: types, enums, required fields and
 * formats from its validators, unknown fields through a `ReadProbe`, and metadata.
 */
export class CoreValidator {
  /**
   * Loads the model for an apiVersion and kind; `undefined` when the package has none.
   * `kubernetes-models` is ESM-only, hence the dynamic import (kept as a real `import()` in
   * the CommonJS output because the project compiles with `module: node16`).
   */
  public static load(apiVersion: string, kind: string): Promise<CoreValidator | undefined> {
    const key = `${apiVersion}/${kind}`;
    let loaded = models.get(key);
    if (!loaded) {
      loaded = CoreValidator.importModel(apiVersion, kind);
      models.set(key, loaded);
    }
    return loaded;
  }

  private static async importModel(apiVersion: string, kind: string): Promise<CoreValidator | undefined> {
    if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
    // A variable, not a template literal, so bundlers and vitest do not try to expand it.
    const specifier = `kubernetes-models/${apiVersion}/${kind}`;
    let mod: Record<string, unknown>;
    try {
      mod = await import(specifier);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== undefined && NOT_FOUND.has(code)) return undefined;
      // vitest's module runner reports resolution failures without a code
      if (/not exported|Cannot find (module|package)|Failed to (load|resolve)/i.test((e as Error).message)) return undefined;
      throw new Error(`cannot load the Kubernetes model for ${apiVersion} ${kind}: ${(e as Error).message}`);
    }
    const cls = mod[kind];
    if (typeof cls !== 'function') return undefined;
    const model = cls as unknown as ModelClass;
    if (model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
    return new CoreValidator(model);
  }

  private constructor(private readonly model: ModelClass) {}

  /** Validates one object of this kind. */
  public validate(obj: Record<string, unknown>): Finding[] {
    const probe = new ReadProbe(obj);
    let errors: ErrorObject[] = [];
    try {
      this.model.prototype.validate.call(probe.proxy);
    } catch (e) {
      const list = (e as { errors?: ErrorObject[] }).errors;
      if (!Array.isArray(list)) throw e;
      errors = list;
    }
    const findings = [...ajvFindings(errors, probe.resolver).findings];
    for (const u of probe.unknownFields()) {
      findings.push({ path: u.path.toString(), message: `unknown field "${u.key}"`, type: ConformanceErrorType.UNKNOWN_FIELD });
    }
    findings.push(...validateObjectMeta(obj.metadata, FieldPath.ROOT.child('metadata'), {
      nameRule: NAME_RULES[this.model.kind] ?? NameRule.DNS_SUBDOMAIN,
      requireName: true,
      checkStructure: false,
    }));
    return findings;
  }
}
