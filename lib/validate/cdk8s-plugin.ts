// SPDX-License-Identifier: Apache-2.0
/**
 * The rule packs as a cdk8s-cli validation plugin: `cdk8s synth --validate` with, in cdk8s.yaml,
 * `validations: [{ package: cdk8s-mesh, class: MeshValidation, version: <version>, properties: {...} }]`.
 * The shapes below mirror the cdk8s-cli plugin contract structurally, so this package does not
 * depend on cdk8s-cli.
 */
import { ManifestReader } from '../conform/manifest-reader';
import { describeRef } from '../analyze/manifest-object';
import { checkManifests, parseRisk } from './check-manifests';
import { SEVERITIES, type Severity } from './rule';
import { summaryLine } from './writers/console-report';

/** Properties of the plugin, given as `properties` in cdk8s.yaml. */
export interface MeshValidationProps {
  /**
   * Rule packs to run (`nist-800-204`, `nist-800-204a`, `nist-800-204b`, `nist-800-207a`, `nist-800-233`).
   *
   * @default - every NIST pack
   */
  readonly packs?: string[];
  /**
   * Risk profile (`low`, `medium`, `high`) of workloads without the `mesh.cdk8s.io/risk-profile` label.
   *
   * @default 'high'
   */
  readonly risk?: string;
  /**
   * Istio's root namespace.
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Findings of this severity (`error`, `warning`, `info`) or worse fail the validation; all
   * open errors and warnings are reported.
   *
   * @default 'error'
   */
  readonly failOn?: string;
}

/** A manifest object violating a rule (cdk8s-cli `ValidationViolatingResource`). */
export interface ValidationViolatingResource {
  /** The object's name. */
  readonly resourceName: string;
  /** Where in the object the problem is: here, the finding's message. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** One rule's violations (cdk8s-cli `ValidationViolation`). */
export interface ValidationViolation {
  /** `<rule id>: <title>`. */
  readonly ruleName: string;
  /** The rule's rationale. */
  readonly recommendation: string;
  /** The rule's fix. */
  readonly fix: string;
  /** The objects violating it. */
  readonly violatingResources: ValidationViolatingResource[];
}

/** The report a plugin fills (cdk8s-cli `ValidationReport`). */
export interface IValidationReport {
  /** Adds one rule's violations. */
  addViolation(violation: ValidationViolation): void;
  /** Closes the report with `success` or `failure`. */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** Where a plugin logs (cdk8s-cli `ValidationLogger`). */
export interface IValidationLogger {
  /** Logs one message. */
  log(message: string): void;
}

/** What cdk8s-cli hands a plugin (cdk8s-cli `ValidationContext`). */
export interface IValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill. */
  readonly report: IValidationReport;
  /** The logger. */
  readonly logger: IValidationLogger;
}

/**
 * Runs the cdk8s-mesh rule packs from `cdk8s synth --validate` over the synthesized manifests
 * (any cdk8s app, with or without the Mesh construct).
 */
export class MeshValidation {
  private readonly props: MeshValidationProps;

  constructor(props: MeshValidationProps = {}) {
    this.props = props;
  }

  /** Checks `context.manifests`, reports open errors and warnings per rule, and submits the result. */
  public async validate(context: IValidationContext): Promise<void> {
    const failOn = (this.props.failOn ?? 'error') as Severity;
    if (!SEVERITIES.includes(failOn)) throw new Error(`cdk8s-mesh: unknown failOn "${this.props.failOn}": expected error, warning or info`);
    const report = checkManifests(ManifestReader.readFiles(context.manifests), {
      ...(this.props.packs ? { packs: this.props.packs } : {}),
      defaultRisk: parseRisk(this.props.risk ?? 'high'),
      ...(this.props.rootNamespace ? { rootNamespace: this.props.rootNamespace } : {}),
    });
    const open = report.findings.filter((f) => f.status === 'non-compliant' && f.severity !== 'info');
    for (const rule of report.rules) {
      const mine = open.filter((f) => f.ruleId === rule.id);
      if (mine.length === 0) continue;
      context.report.addViolation({
        ruleName: `${rule.id}: ${rule.title}`,
        recommendation: rule.rationale,
        fix: rule.fix,
        violatingResources: mine.map((f) => ({
          resourceName: f.subject.name,
          locations: [`${f.severity}: ${describeRef(f.subject)}: ${f.message}`],
          manifestPath: f.subject.file ?? '',
        })),
      });
    }
    context.logger.log(`cdk8s-mesh: ${summaryLine(report)}`);
    const failing = open.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));
    context.report.submit(failing ? 'failure' : 'success', {
      errors: String(report.summary.errors), warnings: String(report.summary.warnings), suppressed: String(report.summary.suppressed), compliant: String(report.summary.compliant),
    });
  }
}
