// SPDX-License-Identifier: Apache-2.0
import { CelValue } from '@bufbuild/cel';
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { CelCounters, Finding } from '../common/finding';
import { StructuralSchema, isPlainObject, mapValueSchema } from '../crd/structural-schema';
import { CelValueConverter } from './cel-values';
import { CompiledRule } from './compiled-rule';

/**
 * The `x-kubernetes-validations` rules of one CRD version, compiled once and arranged like
 * the schema, with the branches that hold no rule left out.
 */
export class RuleTree {
  /** Compiles every rule under a schema node; `undefined` when there is none. */
  public static build(schema: StructuralSchema, where = ''): RuleTree | undefined {
    const rules = (schema['x-kubernetes-validations'] ?? []).map((spec) => CompiledRule.compile(spec));
    const properties = new Map<string, RuleTree>();
    for (const [k, child] of Object.entries(schema.properties ?? {})) {
      const t = RuleTree.build(child, where === '' ? k : `${where}.${k}`);
      if (t) properties.set(k, t);
    }
    const valueSchema = mapValueSchema(schema);
    const values = valueSchema ? RuleTree.build(valueSchema, `${where}[*]`) : undefined;
    const items = schema.items ? RuleTree.build(schema.items, `${where}[*]`) : undefined;
    if (rules.length === 0 && properties.size === 0 && !values && !items) return undefined;
    return new RuleTree(schema, where, rules, properties, values, items);
  }

  private constructor(
    private readonly schema: StructuralSchema,
    private readonly where: string,
    private readonly rules: readonly CompiledRule[],
    private readonly properties: ReadonlyMap<string, RuleTree>,
    private readonly values: RuleTree | undefined,
    private readonly items: RuleTree | undefined,
  ) {}

  /** Every rule in the tree, with the schema location it is declared at. */
  public allRules(): Array<{ where: string; rule: CompiledRule }> {
    const out = this.rules.map((rule) => ({ where: this.where, rule }));
    for (const child of [...this.properties.values(), this.values, this.items]) {
      if (child) out.push(...child.allRules());
    }
    return out;
  }

  /**
   * Evaluates the rules on an object (this tree must be the root schema's). The API server
   * evaluates a rule on every non-null value at its node, list items and map values included.
   */
  public evaluateRoot(obj: Record<string, unknown>, findings: Finding[], counters: CelCounters): void {
    const converter = new CelValueConverter();
    this.evaluate(obj, FieldPath.ROOT, converter, findings, counters, true);
  }

  private evaluate(
    v: unknown, path: FieldPath, converter: CelValueConverter, findings: Finding[], counters: CelCounters, root = false,
  ): void {
    if (v === null || v === undefined) return;
    if (this.rules.length > 0) {
      let self: CelValue | undefined;
      for (const rule of this.rules) {
        if (rule.transition) {
          counters.skipped++;
          continue;
        }
        counters.evaluated++;
        self ??= root && isPlainObject(v) ? converter.root(v, this.schema) : converter.convert(v, this.schema);
        const finding = this.check(rule, self, path);
        if (finding) findings.push(finding);
      }
    }
    if (Array.isArray(v)) {
      if (this.items) v.forEach((item, i) => this.items!.evaluate(item, path.index(i), converter, findings, counters));
      return;
    }
    if (!isPlainObject(v)) return;
    for (const [k, child] of this.properties) child.evaluate(v[k], path.child(k), converter, findings, counters);
    if (this.values) {
      for (const [k, value] of Object.entries(v)) {
        if (!this.schema.properties?.[k]) this.values.evaluate(value, path.key(k), converter, findings, counters);
      }
    }
  }

  private check(rule: CompiledRule, self: CelValue, path: FieldPath): Finding | undefined {
    const outcome = rule.evaluate(self);
    if (outcome.passed) return undefined;
    const spec = rule.spec;
    if (outcome.error !== undefined) {
      return { path: path.toString(), message: outcome.error, type: ConformanceErrorType.CEL_EVALUATION, rule: spec.rule };
    }
    return {
      path: this.reportPath(path, spec.fieldPath),
      message: outcome.message ?? `failed rule: ${spec.rule}`,
      type: ConformanceErrorType.CEL_RULE,
      rule: spec.rule,
      reason: spec.reason ?? 'FieldValueInvalid',
    };
  }

  /** Applies a rule's `fieldPath` (`.spec.x`, `['key']`, `[0]`) to the node's path. */
  private reportPath(path: FieldPath, fieldPath: string | undefined): string {
    if (!fieldPath) return path.toString();
    let p = path;
    let schema: StructuralSchema | undefined = this.schema;
    const token = /\.([A-Za-z0-9_-]+)|\['((?:[^'\\]|\\.)*)'\]|\[([0-9]+)\]/y;
    let m: RegExpExecArray | null;
    let at = 0;
    while (at < fieldPath.length && (m = token.exec(fieldPath)) !== null) {
      at = token.lastIndex;
      const name = m[1] ?? m[2];
      if (name !== undefined) {
        const declared: StructuralSchema | undefined = schema?.properties?.[name];
        p = declared || m[1] !== undefined ? p.child(name) : p.key(name);
        schema = declared ?? (schema ? mapValueSchema(schema) : undefined);
      } else {
        p = p.index(Number(m[3]));
        schema = schema?.items;
      }
    }
    return at === fieldPath.length ? p.toString() : `${path.toString()}${fieldPath}`;
  }
}
