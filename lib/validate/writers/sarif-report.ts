// SPDX-License-Identifier: Apache-2.0
/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, the rules that ran
 * as `tool.driver.rules` (title, rationale, fix, default level, NIST references as tags), and
 * one result per open or suppressed finding, located in the manifest file (line of the
 * object) and logically by construct path or object.
 */
import { describeRef, type ObjectRef } from '../../analyze/manifest-object';
import type { ComplianceReport, Finding } from '../report';
import type { Severity } from '../rule';
import { indentedJsonWithList, joinText } from './text-chunks';

/** Where a finding points in the files. */
export interface SarifLocator {
  /** The file and line of an object; undefined when it is not in any file (e.g. a missing object). */
  locate(ref: ObjectRef): { readonly file: string; readonly line?: number } | undefined;
  /** The file results about missing objects point at (SARIF consumers need a file). */
  readonly fallbackFile: string;
}

const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };

/** Security severity GitHub shows for each level (CVSS-like scale). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.0', info: '2.0' };

/** The SARIF log as JSON text. */
export function writeSarifReport(report: ComplianceReport, locator: SarifLocator): string {
  return joinText(sarifReportText(report, locator));
}

/** The SARIF log in pieces, one result each (see `writeSarifReport`). */
export function* sarifReportText(report: ComplianceReport, locator: SarifLocator): Generator<string> {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  function* results(): Generator<Record<string, unknown>> {
    for (const f of report.findings) if (f.status !== 'compliant') yield result(f, index.get(f.ruleId) ?? -1, locator);
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: report.tool.name,
          version: report.tool.version,
          informationUri: 'https://github.com/cdk8s-mesh/cdk8s-mesh/blob/main/RULES.md',
          rules: report.rules.map((r) => ({
            id: r.id,
            name: pascal(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.rationale },
            help: { text: `Fix: ${r.fix}`, markdown: `**Fix:** ${r.fix}\n\nNIST: ${r.recommendations.join(', ')}` },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: {
              'tags': ['security', 'service-mesh', ...r.recommendations, ...r.controls.map((c) => `NIST-800-53-${c}`)],
              'security-severity': SECURITY_SEVERITY[r.severity],
              'packs': r.packs,
            },
          })),
        },
      },
      results: [],
      properties: { summary: report.summary, packs: report.packs },
    }],
  };
  yield* indentedJsonWithList(log, 'results', results());
  yield '\n';
}

function result(f: Finding, ruleIndex: number, locator: SarifLocator): Record<string, unknown> {
  const at = locator.locate(f.subject);
  const logical = f.subject.constructPath ?? describeRef(f.subject);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.suppressionRefused ? `${f.message} (${f.suppressionRefused})` : f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(at?.file ?? locator.fallbackFile) },
        region: { startLine: at?.line ?? 1 },
      },
      logicalLocations: [{ fullyQualifiedName: logical, kind: 'resource' }],
    }],
    partialFingerprints: { 'meshObject/v1': `${f.ruleId}|${describeRef(f.subject)}` },
    properties: { risk: f.risk, object: describeRef(f.subject) },
    ...(f.status === 'suppressed' ? { suppressions: [{ kind: f.suppressedBy === 'construct' ? 'external' : 'inSource', status: 'accepted', justification: f.reason }] } : {}),
  };
}

/** File paths as SARIF URIs: forward slashes, percent-encoded where needed. */
function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function pascal(title: string): string {
  return title.replace(/\([^)]*\)/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
