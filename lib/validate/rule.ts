// SPDX-License-Identifier: Apache-2.0
/**
 * What a rule is (DESIGN.md decision 8): one file under `rules/<area>/` holding its stable id,
 * the compliant state as its title, rationale, fix, default severity, the NIST
 * recommendations it checks, its target (model or manifests) and the check itself.
 * Packs list rules by id and never restate this text.
 */
import type { Inventory } from '../analyze/inventory';
import type { ObjectRef } from '../analyze/manifest-object';
import type { MeshModel, RiskLevel } from '../model/mesh-model';

/** How bad a non-compliant finding is: `error` fails synth, `warning` prints, `info` is a note in the reports. */
export type Severity = 'error' | 'warning' | 'info';

/** Severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** What a check reads. */
export interface RuleContext {
  /** The manifests (SDK output resolved at synth, or YAML files). */
  readonly inventory: Inventory;
  /** The collected intent; present only when the check runs inside a cdk8s app. */
  readonly model?: MeshModel;
}

/** One result of a check on one subject. */
export interface Outcome {
  /** The object the result is about (a model subject carries the construct path). */
  readonly subject: ObjectRef;
  readonly compliant: boolean;
  /** Non-compliant: what is wrong, naming the bad value. Compliant: the evidence. */
  readonly message: string;
  /** The subject's risk profile (tightens severity and suppression); defaults to the inventory's view of the subject. */
  readonly risk?: RiskLevel;
  /** A severity for this outcome only (e.g. one cell of the risk × proxy-model matrix). */
  readonly severity?: Severity;
  /**
   * A justification the SDK already recorded for this exception (e.g. a hardening exception
   * annotation): the finding is reported as suppressed with this reason.
   */
  readonly justification?: string;
}

/** A rule of the rule engine. */
export interface MeshRule {
  /** Stable id, e.g. `MESH-MTLS-01`; suppressions and reports refer to it. */
  readonly id: string;
  /** The compliant state, phrased positively. */
  readonly title: string;
  /** Why the rule exists. */
  readonly rationale: string;
  /** The remediation, naming the API to call or the field to set. */
  readonly fix: string;
  readonly severity: Severity;
  /**
   * Severity by the subject's risk profile, where the NIST catalog tightens the rule for
   * riskier services (e.g. access logging of every request for high risk).
   */
  readonly severityByRisk?: Readonly<Partial<Record<RiskLevel, Severity>>>;
  /** Recommendation ids of ../reference/nist-catalog.md (`SM-DR8`, `SAUZ-SR-1`, `800-233/model-by-risk`…). */
  readonly recommendations: readonly string[];
  /** NIST SP 800-53 controls the rule supports. */
  readonly controls?: readonly string[];
  readonly target: 'model' | 'manifest';
  /** Risk levels at which a suppression is refused: the finding stays non-compliant. */
  readonly unsuppressibleAt?: readonly RiskLevel[];
  /** Evaluates the rule; an empty result means the rule does not apply. */
  check(context: RuleContext): readonly Outcome[];
}

/** A compliant outcome with its evidence. */
export function compliant(subject: ObjectRef, evidence: string, extra: Partial<Outcome> = {}): Outcome {
  return { subject, compliant: true, message: evidence, ...extra };
}

/** A non-compliant outcome: lower-case message naming the bad value and what is expected. */
export function violation(subject: ObjectRef, message: string, extra: Partial<Outcome> = {}): Outcome {
  return { subject, compliant: false, message, ...extra };
}

/**
 * A reference to an object that should exist but is not in the manifests (e.g. the mesh-wide
 * PeerAuthentication), so a finding about its absence has a subject; it has no file.
 */
export function expectedObject(apiVersion: string, kind: string, name: string, namespace?: string): ObjectRef {
  return { apiVersion, kind, name, ...(namespace !== undefined ? { namespace } : {}) };
}
