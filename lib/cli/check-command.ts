// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { ManifestReader } from '../conform/manifest-reader';
import { ConformInputError } from '../conform/common/input-error';
import { CheckUsageError, checkManifests, parseRisk } from '../validate/check-manifests';
import { SEVERITIES, type Severity } from '../validate/rule';
import { writeConsoleReport } from '../validate/writers/console-report';
import { writeCsvReport } from '../validate/writers/csv-report';
import { writeJsonReport } from '../validate/writers/json-report';
import { writeMarkdownReport } from '../validate/writers/markdown-report';
import { writeSarifReport } from '../validate/writers/sarif-report';
import { CliIo, ExitCode } from './cli-io';

interface CheckOptions {
  readonly pack: string[];
  readonly risk: string;
  readonly rootNamespace: string;
  readonly format: 'table' | 'json' | 'sarif' | 'markdown' | 'csv';
  readonly output?: string;
  readonly failOn: Severity;
  readonly showSuppressed?: boolean;
}

/**
 * `cdk8s-mesh check <manifests>...`: runs the rule packs over any manifests. Exit 1 when open
 * findings at or above `--fail-on` remain, 2 on unreadable input or bad usage.
 */
export function addCheckCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('check')
    .description('check manifests against the NIST rule packs (SP 800-204, 204A, 204B, 207A, 233) and the Istio semantics pack; '
      + 'suppress a finding with the annotation mesh.cdk8s.io/suppress.<rule id>: <reason> on the object')
    .option('--pack <name>', 'rule pack to run (repeatable): nist-800-204, nist-800-204a, nist-800-204b, nist-800-207a, nist-800-233, istio-semantics (default: all)', collect, [])
    .option('--risk <level>', 'risk profile of workloads without the mesh.cdk8s.io/risk-profile label (low, medium, high)', 'high')
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'sarif', 'markdown', 'csv']).default('table'))
    .option('--output <file>', 'write the report to a file instead of stdout (the summary line still prints)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when open findings of this severity or worse remain').choices(['error', 'warning', 'info']).default('error'))
    .option('--show-suppressed', 'table format: list suppressed findings with their reasons')
    .argument('<manifests...>', 'manifest files or directories (.yaml, .yml, .json)')
    .action((manifests: string[], options: CheckOptions) => {
      let report;
      try {
        const documents = ManifestReader.readFiles(manifests);
        report = checkManifests(documents, { packs: options.pack, defaultRisk: parseRisk(options.risk), rootNamespace: options.rootNamespace });
      } catch (e) {
        if (e instanceof CheckUsageError) throw new ConformInputError(e.message);
        throw e;
      }
      const fallback = manifests[0];
      let text: string;
      switch (options.format) {
        case 'json': text = writeJsonReport(report); break;
        case 'csv': text = writeCsvReport(report); break;
        case 'markdown': text = writeMarkdownReport(report); break;
        case 'sarif': text = writeSarifReport(report, { locate: (ref) => (ref.file === undefined ? undefined : { file: ref.file, ...(ref.line !== undefined ? { line: ref.line } : {}) }), fallbackFile: fallback }); break;
        default: text = writeConsoleReport(report, { showSuppressed: options.showSuppressed === true });
      }
      if (options.output !== undefined) {
        fs.writeFileSync(options.output, text);
        io.out(writeConsoleReport(report, { minSeverity: 'error' }).trimEnd().split('\n').pop() ?? '');
      } else {
        for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
      }
      const limit = SEVERITIES.indexOf(options.failOn);
      const failing = report.findings.some((f) => f.status === 'non-compliant' && SEVERITIES.indexOf(f.severity) <= limit);
      result.code = failing ? ExitCode.FINDINGS : ExitCode.OK;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
