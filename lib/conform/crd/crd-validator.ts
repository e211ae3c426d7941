// SPDX-License-Identifier: Apache-2.0
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { RuleTree } from '../cel/rule-tree';
import { ConformanceErrorType } from '../conformance-error';
import { FieldPath } from '../common/field-path';
import { CelCounters, Finding } from '../common/finding';
import { NameRule } from '../meta/names';
import { validateObjectMeta } from '../meta/object-meta';
import { ajvFindings, schemaPointerResolver } from '../schema/ajv-findings';
import { rootJsonSchema } from '../schema/json-schema';
import { normalizeObject } from '../schema/normalize';
import { CrdVersion } from './crd-registry';

/** Added when CEL rules are skipped because of a blocking schema error, as the API server does. */
const RULES_NOT_CHECKED = 'some validation rules were not checked because the object was invalid; '
  + 'correct the existing errors to complete validation';

/**
 * Validates objects of one served CRD version the way the API server does on create:
 * strict unknown-field check, null pruning and defaulting, OpenAPI schema (ajv), metadata,
 * then the CEL rules unless a blocking schema error was found. Compiles lazily, once.
 */
export class CrdValidator {
  private validateFn?: ValidateFunction;
  private rules?: RuleTree | null;

  public constructor(private readonly crd: CrdVersion, private readonly ajv: Ajv) {}

  /** The compiled rule tree (compiled on first use). */
  public get ruleTree(): RuleTree | undefined {
    if (this.rules === undefined) this.rules = RuleTree.build(this.crd.schema) ?? null;
    return this.rules ?? undefined;
  }

  /** Validates one object whose apiVersion and kind match this version. */
  public validate(obj: Record<string, unknown>, counters: CelCounters): Finding[] {
    const findings: Finding[] = [];
    const normalized = normalizeObject(obj, this.crd.schema, { dropStatus: this.crd.statusSubresource }, findings);
    this.validateFn ??= this.ajv.compile(rootJsonSchema(this.crd.schema));
    const schemaResult = this.validateFn(normalized)
      ? { findings: [], blocking: false }
      : ajvFindings(this.validateFn.errors ?? [], schemaPointerResolver(this.crd.schema, normalized));
    findings.push(...schemaResult.findings);
    findings.push(...validateObjectMeta(obj.metadata, FieldPath.ROOT.child('metadata'), {
      nameRule: NameRule.DNS_SUBDOMAIN,
      requireName: true,
      checkStructure: true,
    }));
    const tree = this.ruleTree;
    if (!tree) return findings;
    if (schemaResult.blocking) {
      findings.push({ path: '', message: RULES_NOT_CHECKED, type: ConformanceErrorType.CEL_EVALUATION });
    } else {
      tree.evaluateRoot(normalized, findings, counters);
    }
    return findings;
  }
}
