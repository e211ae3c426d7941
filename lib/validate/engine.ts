// SPDX-License-Identifier: Apache-2.0
/**
 * Runs the rules of some packs over an inventory (and the model, inside a cdk8s app), applies
 * suppressions and severities, and returns one report. Never throws on findings: failing the
 * synth or the command is the caller's decision.
 */
import { type Inventory, RISK_ORDER, SYSTEM_NAMESPACES } from '../analyze/inventory';
import { type InventoryEntry, type ObjectRef, stringMap } from '../analyze/manifest-object';
import type { MeshModel, RiskLevel } from '../model/mesh-model';
import { type PackDefinition, packKey } from './pack';
import type { ComplianceReport, Finding, ReportedRule } from './report';
import { REPORT_SCHEMA_VERSION } from './report';
import { type MeshRule, type Outcome, SEVERITIES, type Severity } from './rule';

/** Annotation prefix of a suppression recorded on an object: `mesh.cdk8s.io/suppress.<rule id>: <reason>`. */
export const SUPPRESSION_ANNOTATION_PREFIX = 'mesh.cdk8s.io/suppress.';

/** Shortest accepted suppression reason. */
export const MIN_SUPPRESSION_REASON = 10;

/** A suppression that applies to a subject. */
export interface AppliedSuppression {
  readonly reason: string;
  readonly source: 'construct' | 'annotation';
}

/** Inputs of an evaluation. */
export interface EvaluationInput {
  readonly inventory: Inventory;
  readonly model?: MeshModel;
  readonly packs: readonly PackDefinition[];
  /** Every known rule, by id. */
  readonly rules: ReadonlyMap<string, MeshRule>;
  /** Suppressions of a subject beyond its annotations (inside a cdk8s app: the construct tree). */
  readonly suppressionsOf?: (subject: ObjectRef) => ReadonlyMap<string, string>;
  readonly tool: { readonly name: string; readonly version: string };
}

/** Evaluates the packs' rules and builds the report. */
export function evaluate(input: EvaluationInput): ComplianceReport {
  const selected = selectRules(input.packs, input.rules);
  const byRef = new Map<ObjectRef, InventoryEntry>();
  for (const e of input.inventory.entries) byRef.set(e.ref, e);
  const riskOf = riskResolver(input.inventory, byRef);
  const findings: Finding[] = [];
  const reported: ReportedRule[] = [];
  for (const { rule, severity, packs } of selected) {
    if (rule.target === 'model' && input.model === undefined) continue;
    const outcomes = rule.check({ inventory: input.inventory, ...(input.model ? { model: input.model } : {}) });
    reported.push({
      id: rule.id,
      title: rule.title,
      rationale: rule.rationale,
      fix: rule.fix,
      severity,
      recommendations: rule.recommendations,
      controls: rule.controls ?? [],
      target: rule.target,
      packs,
      applicable: outcomes.length > 0,
    });
    // a compliant outcome has nothing to suppress
    for (const o of outcomes) findings.push(toFinding(rule, severity, o, riskOf(o), o.compliant ? undefined : suppressionOf(input, byRef, rule.id, o.subject)));
  }
  sortFindings(findings);
  reported.sort((a, b) => compareText(a.id, b.id));
  const open = findings.filter((f) => f.status === 'non-compliant');
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: input.tool,
    packs: [...input.packs].map((p) => ({ name: p.name, version: p.version, title: p.title })).sort((a, b) => compareText(a.name, b.name)),
    rules: reported,
    findings,
    summary: {
      errors: open.filter((f) => f.severity === 'error').length,
      warnings: open.filter((f) => f.severity === 'warning').length,
      infos: open.filter((f) => f.severity === 'info').length,
      suppressed: findings.filter((f) => f.status === 'suppressed').length,
      compliant: findings.filter((f) => f.status === 'compliant').length,
      rules: reported.length,
      objects: input.inventory.entries.length,
    },
  };
}

/** The rules the packs list, each with its pack severity (the most severe when packs differ) and pack names. */
export function selectRules(packs: readonly PackDefinition[], rules: ReadonlyMap<string, MeshRule>): { rule: MeshRule; severity: Severity; packs: string[] }[] {
  const out = new Map<string, { rule: MeshRule; severity: Severity; packs: string[] }>();
  for (const pack of packs) {
    for (const entry of pack.rules) {
      const rule = rules.get(entry.id);
      if (!rule) throw new Error(`pack ${packKey(pack)} lists unknown rule ${entry.id}`);
      const severity = entry.severity ?? rule.severity;
      const seen = out.get(entry.id);
      if (!seen) out.set(entry.id, { rule, severity, packs: [packKey(pack)] });
      else {
        seen.packs.push(packKey(pack));
        if (rank(severity) < rank(seen.severity)) seen.severity = severity;
      }
    }
  }
  return [...out.values()].sort((a, b) => compareText(a.rule.id, b.rule.id));
}

function toFinding(rule: MeshRule, packSeverity: Severity, o: Outcome, risk: RiskLevel, suppression: AppliedSuppression | undefined): Finding {
  let severity = packSeverity;
  const tightened = rule.severityByRisk?.[risk];
  if (tightened !== undefined && rank(tightened) < rank(severity)) severity = tightened;
  if (o.severity !== undefined) severity = o.severity;
  const { message, subject } = o;
  if (o.compliant) return { ruleId: rule.id, severity, message, subject, risk, status: 'compliant' };
  const reason = o.justification ?? suppression?.reason;
  if (reason === undefined) return { ruleId: rule.id, severity, message, subject, risk, status: 'non-compliant' };
  const suppressedBy = o.justification !== undefined ? 'exception' : suppression!.source;
  if (rule.unsuppressibleAt?.includes(risk)) {
    const suppressionRefused = `${rule.id} cannot be suppressed for ${risk}-risk workloads (reason given: ${reason})`;
    return { ruleId: rule.id, severity, message, subject, risk, status: 'non-compliant', suppressionRefused };
  }
  return { ruleId: rule.id, severity, message, subject, risk, status: 'suppressed', reason, suppressedBy };
}

function suppressionOf(input: EvaluationInput, byRef: ReadonlyMap<ObjectRef, InventoryEntry>, ruleId: string, subject: ObjectRef): AppliedSuppression | undefined {
  const fromTree = input.suppressionsOf?.(subject).get(ruleId);
  if (fromTree !== undefined) return { reason: fromTree, source: 'construct' };
  const entry = byRef.get(subject);
  const annotated = entry ? stringMap(entry.object.metadata?.annotations)[SUPPRESSION_ANNOTATION_PREFIX + ruleId] : undefined;
  if (annotated !== undefined && annotated.trim().length >= MIN_SUPPRESSION_REASON) return { reason: annotated.trim(), source: 'annotation' };
  return undefined;
}

/**
 * The risk of an outcome's subject: given by the rule, else the workload's, else the highest
 * of the workloads in the subject's namespace, else (cluster-wide and root-namespace objects,
 * which protect everything) the highest in the whole inventory.
 */
function riskResolver(inventory: Inventory, byRef: ReadonlyMap<ObjectRef, InventoryEntry>): (o: Outcome) => RiskLevel {
  const workloadByEntry = new Map(inventory.workloads.map((w) => [w.entry, w]));
  const apps = inventory.applicationWorkloads();
  const meshWide = apps.length === 0 ? inventory.defaultRisk : apps.map((w) => inventory.riskOf(w)).reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
  return (o) => {
    if (o.risk !== undefined) return o.risk;
    const entry = byRef.get(o.subject);
    const workload = entry ? workloadByEntry.get(entry) : undefined;
    if (workload) return inventory.riskOf(workload);
    const ns = o.subject.namespace;
    if (ns === undefined || ns === inventory.rootNamespace || SYSTEM_NAMESPACES.has(ns)) return meshWide;
    return inventory.highestRiskIn(ns);
  };
}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

const STATUS_ORDER: Readonly<Record<Finding['status'], number>> = { 'non-compliant': 0, 'suppressed': 1, 'compliant': 2 };

/**
 * Sorts findings in report order (`compareFindings`), comparing one precomputed key per finding:
 * the fields joined by NUL, which orders below every character the fields can hold.
 */
export function sortFindings(findings: Finding[]): void {
  const keyed = findings.map((f) => ({
    f,
    key: [
      STATUS_ORDER[f.status], f.status === 'non-compliant' ? rank(f.severity) : 0, f.ruleId, f.subject.file ?? '',
      String(f.subject.line ?? 0).padStart(12, '0'), f.subject.kind, f.subject.namespace ?? '', f.subject.name, f.message,
    ].join('\u0000'),
  }));
  keyed.sort((a, b) => compareText(a.key, b.key));
  keyed.forEach((k, i) => {
    findings[i] = k.f;
  });
}

/** The order of findings in reports: status, severity of open findings, rule, then the object and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
    || (a.status === 'non-compliant' ? rank(a.severity) - rank(b.severity) : 0)
    || compareText(a.ruleId, b.ruleId)
    || compareText(a.subject.file ?? '', b.subject.file ?? '')
    || (a.subject.line ?? 0) - (b.subject.line ?? 0)
    || compareText(a.subject.kind, b.subject.kind)
    || compareText(a.subject.namespace ?? '', b.subject.namespace ?? '')
    || compareText(a.subject.name, b.subject.name)
    || compareText(a.message, b.message);
}

/** Locale-independent string order (reports must not depend on the machine's locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
