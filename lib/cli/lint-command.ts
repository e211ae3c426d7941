// SPDX-License-Identifier: Apache-2.0
import { Command, Option } from 'commander';
import { ConformInputError } from '../conform/common/input-error';
import { ManifestReader } from '../conform/manifest-reader';
import { CheckUsageError, checkManifests, parseRisk } from '../validate/check-manifests';
import { ISTIO_SEMANTICS } from '../validate/packs/istio-semantics';
import type { ComplianceReport } from '../validate/report';
import { writeConsoleReport } from '../validate/writers/console-report';
import { writeJsonReport } from '../validate/writers/json-report';
import { writeSarifReport } from '../validate/writers/sarif-report';
import { CliIo, ExitCode } from './cli-io';

/** Output formats of `cdk8s-mesh lint`. */
export type LintFormat = 'table' | 'json' | 'sarif';

interface LintOptions {
  readonly format: LintFormat;
  readonly rootNamespace: string;
  readonly risk: string;
}

/**
 * `cdk8s-mesh lint <manifests...>`: the semantic traps of istio-authz-semantics §b8 (the
 * `istio-semantics` rule pack, the same rules synth runs) over any manifests, each finding with
 * its rule id, the object it is about (its message names the other objects involved) and the
 * fix. Exit 1 when errors remain, 2 on unreadable input or bad usage. Suppress a finding with
 * the annotation `mesh.cdk8s.io/suppress.<rule id>: <reason>` on the object.
 */
export function addLintCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('lint')
    .description('find Istio authorization policies that silently do less, more or other than they say (the istio-semantics rule pack: '
      + 'selector vs targetRefs, HTTP fields on TCP ports, identity fields with plaintext peers, waypoints, proxyless gRPC, dry-run, ...)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .option('--risk <level>', 'risk profile of workloads without the mesh.cdk8s.io/risk-profile label (low, medium, high)', 'high')
    .argument('<manifests...>', 'manifest files or directories (.yaml, .yml, .json)')
    .action((manifests: string[], options: LintOptions) => {
      let report: ComplianceReport;
      try {
        const documents = ManifestReader.readFiles(manifests);
        report = checkManifests(documents, { packs: [ISTIO_SEMANTICS.name], defaultRisk: parseRisk(options.risk), rootNamespace: options.rootNamespace });
      } catch (e) {
        if (!(e instanceof CheckUsageError) && !ConformInputError.isConformInputError(e)) throw e;
        io.err(`cdk8s-mesh: ${e.message}`);
        result.code = ExitCode.BAD_INPUT;
        return;
      }
      for (const line of render(report, options.format, manifests[0]).replace(/\n$/, '').split('\n')) io.out(line);
      result.code = report.summary.errors > 0 ? ExitCode.FINDINGS : ExitCode.OK;
    });
}

/** The report in the chosen format; the table lists notes too, since lint's notes are the surprises worth reading. */
function render(report: ComplianceReport, format: LintFormat, fallbackFile: string): string {
  switch (format) {
    case 'json': return writeJsonReport(report);
    case 'sarif': return writeSarifReport(report, { locate: (ref) => (ref.file === undefined ? undefined : { file: ref.file, ...(ref.line !== undefined ? { line: ref.line } : {}) }), fallbackFile });
    default: return writeConsoleReport(report, { minSeverity: 'info' });
  }
}
