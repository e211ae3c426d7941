// SPDX-License-Identifier: Apache-2.0
/**
 * Runs the rule packs at synth: a validation of the Mesh that resolves every ApiObject of the
 * app (so raw objects and JSON patches are checked too), evaluates the packs, writes the
 * reports next to the manifests and fails the synth on findings at or above `failOn`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { MeshSuppressions } from '../mesh-suppressions';
import { LineIndex } from './manifest-lines';
import { claimInApp } from './mesh-registry';
import { activeSynthesis, trackSyntheses } from './synth-scope';
import { Inventory } from '../../lib/analyze/inventory';
import { describeRef } from '../../lib/analyze/manifest-object';
import { MeshError } from '../../lib/model/errors';
import type { MeshModel, RiskLevel } from '../../lib/model/mesh-model';
import { SUPPRESSION_ANNOTATION_PREFIX, evaluate } from '../../lib/validate/engine';
import type { ComplianceReport, Finding } from '../../lib/validate/report';
import { RULES_BY_ID } from '../../lib/validate/rules';
import { SEVERITIES, type Severity } from '../../lib/validate/rule';
import { TOOL } from '../../lib/validate/tool';
import { writeConsoleReport } from '../../lib/validate/writers/console-report';
import { csvReportText } from '../../lib/validate/writers/csv-report';
import { jsonReportText } from '../../lib/validate/writers/json-report';
import { markdownReportText } from '../../lib/validate/writers/markdown-report';
import { sarifReportText } from '../../lib/validate/writers/sarif-report';
import { writeTextFile } from '../../lib/validate/writers/text-chunks';
import type { MeshComplianceOptions } from '../compliance-options';
import { FindingSeverity } from '../finding-severity';
import { ReportFormat } from '../report-format';
import { RulePack } from '../rule-pack';

/** What the check needs from the mesh. */
export interface CheckedMesh extends IConstruct {
  readonly rootNamespace: string;
  _toModel(): MeshModel;
}

/** Base name of the report files. */
export const REPORT_BASENAME = 'mesh-compliance';

const FILE_EXTENSION: Readonly<Record<ReportFormat, string>> = {
  [ReportFormat.JSON]: 'json', [ReportFormat.SARIF]: 'sarif', [ReportFormat.MARKDOWN]: 'md', [ReportFormat.CSV]: 'csv',
};

/**
 * Registers the check on `mesh`. One check runs per app (over all of its objects); a second
 * mesh in the same app joins it, and may not bring compliance options of its own.
 */
export function enableComplianceCheck(mesh: CheckedMesh, options: MeshComplianceOptions | undefined, defaultRisk: RiskLevel): void {
  const owner = claimInApp(mesh, 'compliance check');
  if (owner !== undefined) {
    if (options !== undefined) {
      throw new MeshError({
        path: mesh.node.path,
        problem: 'second compliance configuration in one app',
        value: Object.keys(options),
        expected: `compliance options on one Mesh per app (${owner} already runs the rule packs over every object of the app)`,
        fix: 'move the `compliance` options to the first Mesh, or synthesize this mesh in another App',
      });
    }
    return;
  }
  checkOptions(mesh.node.path, options ?? {});
  if (mesh.node.root instanceof App) trackSyntheses(mesh.node.root);
  mesh.node.addValidation({ validate: () => runCheck(mesh, options ?? {}, defaultRisk) });
}

function checkOptions(path: string, options: MeshComplianceOptions): void {
  for (const f of options.reports ?? []) {
    if (!Object.values(ReportFormat).includes(f)) {
      throw new MeshError({ path, problem: 'unknown report format', value: f, expected: `one of ${Object.values(ReportFormat).join(', ')}`, fix: 'use the ReportFormat enum' });
    }
  }
  if (options.failOn !== undefined && !Object.values(FindingSeverity).includes(options.failOn)) {
    throw new MeshError({ path, problem: 'unknown failOn severity', value: options.failOn, expected: `one of ${Object.values(FindingSeverity).join(', ')}`, fix: 'use the FindingSeverity enum' });
  }
}

function runCheck(mesh: CheckedMesh, options: MeshComplianceOptions, defaultRisk: RiskLevel): string[] {
  const root = mesh.node.root;
  const app = root instanceof App ? root : undefined;
  // cdk8s validates the app again for every chart it writes: within one synthesis, the
  // check runs (and prints, and writes reports) once.
  const scope = activeSynthesis(app);
  const settled = scope?.memo.get(mesh) as CheckOutcome | undefined;
  if (settled) return rethrow(settled);
  const all = root.node.findAll();
  // Construct invariants first: while any construct reports a validation error, cdk8s fails
  // the synth with those messages, and rules over a half-valid app would only add noise.
  if (all.some((c) => c !== mesh && c.node.validate().length > 0)) return [];
  const apiObjects = all.filter((c): c is ApiObject => ApiObject.isApiObject(c));
  for (const obj of apiObjects) {
    for (const [id, reason] of MeshSuppressions._of(obj)) obj.metadata.addAnnotation(SUPPRESSION_ANNOTATION_PREFIX + id, reason);
  }
  const files = new FileNamer(app, all);
  const resolved = apiObjects.map((obj) => ({ obj, json: obj.toJson() as unknown, file: files.fileOf(obj) }));
  // Outside a tracked synthesis (a chart's toJson() called directly), remember the outcome
  // per distinct set of objects instead.
  const key = scope ? undefined : JSON.stringify(resolved.map((r) => [r.file, r.obj.node.path, r.json]));
  const previous = LAST_RUN.get(mesh);
  if (key !== undefined && previous?.key === key) return rethrow(previous);
  if (scope) for (const r of resolved) scope.lend(r.obj, r.json);
  const inventory = Inventory.fromObjects(resolved.map((r) => ({ object: r.json, file: r.file, constructPath: r.obj.node.path })), { rootNamespace: mesh.rootNamespace, defaultRisk });
  const byPath = new Map(all.map((c) => [c.node.path, c]));
  const meshWide = MeshSuppressions._of(mesh);
  const report = evaluate({
    inventory,
    model: mesh._toModel(),
    packs: (options.packs ?? RulePack.defaults()).map((p) => p._definition()),
    rules: RULES_BY_ID,
    suppressionsOf: (subject) => {
      const scope = subject.constructPath !== undefined ? byPath.get(subject.constructPath) : undefined;
      return scope ? MeshSuppressions._of(scope) : meshWide;
    },
    tool: TOOL,
  });
  const failOn = SEVERITIES.indexOf((options.failOn ?? FindingSeverity.ERROR) as Severity);
  const open = report.findings.filter((f) => f.status === 'non-compliant');
  const failing = open.filter((f) => SEVERITIES.indexOf(f.severity) <= failOn);
  // cdk8s writes objects that depend on others after them: when the app has dependencies and the
  // synth goes on, SARIF regions wait for the order cdk8s writes in
  const writtenOrder = scope && app && failing.length === 0 && all.some((c) => c.node.dependencies.length > 0)
    ? (write: (order: readonly Located[]) => void) => scope.afterSynth(() => write(orderWritten(app, resolved)))
    : undefined;
  const reportDir = app ? writeReports(report, app, options, resolved, files, writtenOrder) : undefined;
  if (options.printFindings !== false && failing.length === 0 && open.some((f) => f.severity !== 'info')) process.stderr.write(writeConsoleReport(report));
  const failure = failing.length > 0 ? new ComplianceFailure(report, failing, reportDir) : undefined;
  const outcome: CheckOutcome = failure ? { failure } : {};
  if (scope) scope.memo.set(mesh, outcome);
  else LAST_RUN.set(mesh, { key: key!, ...outcome });
  return rethrow(outcome);
}

/**
 * The objects in the order cdk8s writes them: what each chart's `toJson()` returns within the
 * synthesis (the JSON the check lent, so identities match).
 */
function orderWritten(app: App, resolved: readonly Located[]): Located[] {
  const fileOf = new Map(resolved.map((r) => [r.json, r.file]));
  const out: Located[] = [];
  for (const chart of app.charts) {
    for (const json of chart.toJson()) {
      const file = fileOf.get(json);
      if (file !== undefined) out.push({ json, file });
    }
  }
  return out;
}

/** How a check ended: passed, or the failure to raise again on every later validation. */
interface CheckOutcome {
  readonly failure?: ComplianceFailure;
}

function rethrow(outcome: CheckOutcome): string[] {
  if (outcome.failure) throw outcome.failure;
  return [];
}

/** The last evaluation per mesh outside a tracked synthesis: the objects it saw and its outcome. */
const LAST_RUN = new WeakMap<CheckedMesh, CheckOutcome & { readonly key: string }>();

/**
 * Synth stopped by open findings: the message lists each with rule id, severity, object,
 * construct path, message and fix. Like MeshError it is the user's input, so it prints
 * without stack frames.
 */
export class ComplianceFailure extends Error {
  constructor(report: ComplianceReport, failing: readonly Finding[], reportDir: string | undefined) {
    const fixes = new Map(report.rules.map((r) => [r.id, r.fix]));
    const lines = failing.map((f) => `  ${f.ruleId} (${f.severity}) ${describeRef(f.subject)}${f.subject.constructPath ? ` at ${f.subject.constructPath}` : ''}: ${f.message}`
      + `${f.suppressionRefused ? ` (${f.suppressionRefused})` : ''}\n    fix: ${fixes.get(f.ruleId)}`);
    const count = failing.length === 1 ? '1 rule violation fails' : `${failing.length} rule violations fail`;
    super(`cdk8s-mesh: ${count} the synth${reportDir ? ` (reports: ${reportDir})` : ''}\n${lines.join('\n')}`);
    this.name = 'ComplianceFailure';
    Object.defineProperty(this, COMPLIANCE_FAILURE, { value: true });
    this.stack = `${this.name}: ${this.message}`;
  }
}

const COMPLIANCE_FAILURE = Symbol.for('cdk8s-mesh.ComplianceFailure');

/** A resolved object and the file cdk8s writes it to. */
interface Located {
  readonly json: unknown;
  readonly file: string;
}

/**
 * Writes the reports. SARIF regions are lines of the written files, counted in construct order,
 * or, through `writtenOrder`, once cdk8s has decided the order (objects after their dependencies).
 */
function writeReports(
  report: ComplianceReport, app: App, options: MeshComplianceOptions, resolved: readonly Located[], files: FileNamer,
  writtenOrder?: (write: (order: readonly Located[]) => void) => void,
): string | undefined {
  const formats = options.reports ?? [ReportFormat.JSON, ReportFormat.SARIF, ReportFormat.MARKDOWN];
  if (formats.length === 0) return undefined;
  const dir = path.resolve(app.outdir, options.reportDirectory ?? 'compliance');
  fs.mkdirSync(dir, { recursive: true });
  const fallbackFile = path.join(app.outdir, files.first() ?? '.');
  const fileOf = (format: ReportFormat) => path.join(dir, `${REPORT_BASENAME}.${FILE_EXTENSION[format]}`);
  const writeSarif = (order: readonly Located[]) => {
    const lines = new LineIndex(order, app.outdir);
    writeTextFile(fileOf(ReportFormat.SARIF), sarifReportText(report, { locate: (ref) => lines.locate(ref), fallbackFile }));
  };
  for (const format of [...new Set(formats)]) {
    switch (format) {
      case ReportFormat.JSON: writeTextFile(fileOf(format), jsonReportText(report)); break;
      case ReportFormat.CSV: writeTextFile(fileOf(format), csvReportText(report)); break;
      case ReportFormat.MARKDOWN: writeTextFile(fileOf(format), markdownReportText(report)); break;
      case ReportFormat.SARIF:
        if (writtenOrder) {
          // no report of an earlier synth beside this one's until the synthesis succeeds
          fs.rmSync(fileOf(format), { force: true });
          writtenOrder(writeSarif);
        } else {
          writeSarif(resolved);
        }
        break;
    }
  }
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}

/**
 * The file cdk8s writes each object to (relative to the app's outdir), following the app's
 * `yamlOutputType` and chart naming (charts are indexed when they depend on each other).
 */
class FileNamer {
  private readonly charts = new Map<Chart, string>();
  private readonly ext: string;
  private readonly type: YamlOutputType;

  constructor(app: App | undefined, all: readonly IConstruct[]) {
    this.ext = app?.outputFileExtension ?? '.k8s.yaml';
    this.type = app?.yamlOutputType ?? YamlOutputType.FILE_PER_CHART;
    const charts = all.filter((c): c is Chart => Chart.isChart(c));
    const indexed = charts.some((c) => c.node.scopes.slice(0, -1).some((s) => Chart.isChart(s)))
      || all.some((c) => c.node.dependencies.some((d) => charts.length > 1 && safeChart(d) !== safeChart(c)));
    charts.forEach((c, i) => this.charts.set(c, indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(c)}` : Names.toDnsLabel(c)));
  }

  public fileOf(obj: ApiObject): string {
    const chartName = this.charts.get(Chart.of(obj)) ?? 'app';
    const resource = `${obj.kind}.${obj.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
    switch (this.type) {
      case YamlOutputType.FILE_PER_APP: return `app${this.ext}`;
      case YamlOutputType.FILE_PER_RESOURCE: return `${resource}${this.ext}`;
      case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: return `${chartName}/${resource}${this.ext}`;
      default: return `${chartName}${this.ext}`;
    }
  }

  public first(): string | undefined {
    const [name] = this.charts.values();
    return name === undefined ? undefined : `${name}${this.ext}`;
  }
}

function safeChart(c: IConstruct): Chart | undefined {
  try {
    return Chart.of(c);
  } catch {
    return undefined;
  }
}
