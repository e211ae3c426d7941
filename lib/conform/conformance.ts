// SPDX-License-Identifier: Apache-2.0
import type Ajv from 'ajv';
import { ConformanceError, ConformanceErrorType } from './conformance-error';
import { ConformanceReport } from './conformance-report';
import { CoreValidator } from './core/core-validator';
import { CrdRegistry } from './crd/crd-registry';
import { CrdValidator } from './crd/crd-validator';
import { CelCounters, Finding } from './common/finding';
import { ConformInputError } from './common/input-error';
import { ManifestDocument } from './manifest-document';
import { ManifestReader } from './manifest-reader';
import { createAjv } from './schema/ajv-instance';
import { isPlainObject } from './crd/structural-schema';
import { expandPaths, readYamlFile } from './common/yaml-files';

/**
 * Checks Kubernetes objects the way an API server with a set of CRDs installed would on
 * create: custom resources against their CRD's OpenAPI schema (unknown fields rejected,
 * defaults applied) and `x-kubernetes-validations` CEL rules, built-in kinds against the
 * Kubernetes OpenAPI models, and metadata (names, labels, annotations) for all.
 *
 * @example
 * const conformance = Conformance.fromFiles(['crds/']);
 * const report = await conformance.validateFiles(['dist/']);
 * for (const e of report.errors) console.log(`${e.kind}/${e.name} ${e.path}: ${e.message}`);
 */
export class Conformance {
  /**
   * Loads CRDs from YAML or JSON files and directories (multi-document files allowed;
   * documents that are not CRDs are ignored).
   *
   * @throws when a path cannot be read, a file is not valid YAML, a path holds no
   * CustomResourceDefinition, or a CRD is malformed
   */
  public static fromFiles(paths: string[]): Conformance {
    const crds: unknown[] = [];
    for (const p of paths) {
      const found = expandPaths([p]).flatMap((f) => readYamlFile(f).map((d) => d.value)).filter((d) => CrdRegistry.isCrd(d));
      if (found.length === 0) throw new ConformInputError(`no CustomResourceDefinition found in ${p}`);
      crds.push(...found);
    }
    return new Conformance(CrdRegistry.fromObjects(crds));
  }

  /**
   * Uses already-parsed CRD objects; objects that are not CRDs are ignored.
   *
   * @throws when a CRD is malformed
   */
  public static fromCrdObjects(crds: any[]): Conformance {
    return new Conformance(CrdRegistry.fromObjects(crds));
  }

  /**
   * Checks built-in kinds only; every custom resource is reported as having no schema.
   */
  public static coreOnly(): Conformance {
    return new Conformance(CrdRegistry.fromObjects([]));
  }

  private readonly ajv: Ajv = createAjv();
  private readonly validators = new Map<string, CrdValidator>();

  private constructor(private readonly registry: CrdRegistry) {
    for (const v of registry.versions) {
      this.validators.set(`${v.group}/${v.version}/${v.kind}`, new CrdValidator(v, this.ajv));
    }
  }

  /**
   * The custom kinds this instance validates, one per served version, as
   * `<group>/<version> <Kind>`, sorted.
   */
  public get customResourceKinds(): string[] {
    return [...this.validators.keys()].map((k) => k.replace(/\/([^/]+)$/, ' $1')).sort();
  }

  /**
   * How many `x-kubernetes-validations` rules the served versions declare (compiles them all).
   */
  public get celRuleCount(): number {
    return [...this.validators.values()].reduce((n, v) => n + (v.ruleTree?.allRules().length ?? 0), 0);
  }

  /**
   * The rules that do not compile, as `<group>/<version> <Kind> <schema location>: <rule>: <why>`.
   * An object that reaches such a rule gets a `CEL_EVALUATION` error.
   */
  public get celRuleCompileErrors(): string[] {
    const out: string[] = [];
    for (const [key, v] of this.validators) {
      for (const { where, rule } of v.ruleTree?.allRules() ?? []) {
        const why = rule.compileError;
        if (why !== undefined) out.push(`${key.replace(/\/([^/]+)$/, ' $1')} ${where || '<root>'}: ${rule.spec.rule}: ${why}`);
      }
    }
    return out;
  }

  /**
   * Validates plain objects (parsed manifests).
   *
   * @param objects the objects to check
   */
  public async validate(objects: any[]): Promise<ConformanceReport> {
    return this.validateDocuments(objects.map((object) => ({ object })));
  }

  /**
   * Reads manifests from files and directories and validates them; errors carry the file.
   *
   * @throws when a path cannot be read or a file is not valid YAML
   */
  public async validateFiles(paths: string[]): Promise<ConformanceReport> {
    return this.validateDocuments(ManifestReader.readFiles(paths));
  }

  /**
   * Validates objects that carry their source file (see `ManifestReader`).
   */
  public async validateDocuments(documents: ManifestDocument[]): Promise<ConformanceReport> {
    const core = new Map<string, CoreValidator | undefined>();
    const wanted = new Set<string>();
    for (const d of documents) {
      const o = d.object;
      if (isPlainObject(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string'
        && !this.registry.lookup(o.apiVersion, o.kind)) wanted.add(`${o.apiVersion}\u0000${o.kind}`);
    }
    await Promise.all([...wanted].map(async (k) => {
      const [apiVersion, kind] = k.split('\u0000');
      core.set(k, await CoreValidator.load(apiVersion, kind));
    }));

    const counters: CelCounters = { evaluated: 0, skipped: 0 };
    const errors: ConformanceError[] = [];
    for (const d of documents) {
      for (const f of this.check(d.object, core, counters)) errors.push(identify(d, f));
    }
    return {
      objects: documents.length,
      errors,
      celRulesEvaluated: counters.evaluated,
      celRulesSkipped: counters.skipped,
    };
  }

  private check(o: unknown, core: Map<string, CoreValidator | undefined>, counters: CelCounters): Finding[] {
    if (!isPlainObject(o)) {
      return [{ path: '', message: 'document is not an object', type: ConformanceErrorType.INVALID_OBJECT }];
    }
    const { apiVersion, kind } = o;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      const missing = typeof apiVersion !== 'string' || apiVersion === '' ? 'apiVersion' : 'kind';
      return [{ path: missing, message: `required value: object has no ${missing}`, type: ConformanceErrorType.INVALID_OBJECT }];
    }
    const crd = this.registry.lookup(apiVersion, kind);
    if (crd) return this.validators.get(`${crd.group}/${crd.version}/${crd.kind}`)!.validate(o, counters);
    const model = core.get(`${apiVersion}\u0000${kind}`);
    if (model) return model.validate(o);
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const served = this.registry.hasGroup(group) ? ` version ${version}` : '';
    return [{
      path: '',
      message: `no schema for kind ${kind} in group ${group === '' ? 'core' : group}${served}; pass its CRD with --crds`,
      type: ConformanceErrorType.NO_SCHEMA,
    }];
  }
}

function identify(d: ManifestDocument, f: Finding): ConformanceError {
  const o = isPlainObject(d.object) ? d.object : {};
  const meta = isPlainObject(o.metadata) ? o.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '';
  return {
    file: d.file,
    documentIndex: d.documentIndex,
    line: d.line,
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    name,
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
    path: f.path,
    message: f.message,
    type: f.type,
    rule: f.rule,
    reason: f.reason,
  };
}
