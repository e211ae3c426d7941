// SPDX-License-Identifier: Apache-2.0
import { Command } from 'commander';
import { Conformance } from '../conform/conformance';
import { ConformanceError } from '../conform/conformance-error';
import { ManifestReader } from '../conform/manifest-reader';
import { CliIo, ExitCode } from './cli-io';

interface ConformOptions {
  readonly crds: string[];
  readonly skipGroup: string[];
}

/** One line per error: file, kind/name (namespace), path, message and the CEL rule. */
export function formatConformanceError(e: ConformanceError): string {
  const where = e.file === undefined ? '<input>' : e.line === undefined ? e.file : `${e.file}:${e.line}`;
  const object = `${e.kind || '<no kind>'}/${e.name || '<no name>'}${e.namespace ? ` (namespace ${e.namespace})` : ''}`;
  const rule = e.rule === undefined ? '' : ` (rule: ${e.rule.replace(/\s+/g, ' ').trim()})`;
  return `${where}: ${object}: ${e.path || '<root>'}: ${e.message}${rule}`;
}

/**
 * `cdk8s-mesh conform --crds <file|dir> ... <manifest file|dir>...`: validates manifests as
 * an API server with the CRDs installed would on create. Sets `result.code` to 0 (no
 * errors) or 1 (errors); unreadable input throws and is mapped to 2 by `main`.
 */
export function addConformCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('conform')
    .description('check manifests the way the Kubernetes API server would admit them on create: '
      + 'CRD schemas with unknown fields rejected, x-kubernetes-validations CEL rules, built-in kinds')
    .option('--crds <file|dir>', 'CRD file or directory (repeat the option for more)', collect, [])
    .option('--skip-group <group>', 'API group whose objects are not checked, e.g. cilium.io when its CRDs are not at hand (repeatable; listed, never silently passed)', collect, [])
    .argument('<manifests...>', 'manifest files or directories (.yaml, .yml, .json)')
    .action(async (manifests: string[], options: ConformOptions) => {
      const conformance = options.crds.length > 0 ? Conformance.fromFiles(options.crds) : Conformance.coreOnly();
      for (const problem of conformance.celRuleCompileErrors) io.err(`warning: CEL rule does not compile: ${problem}`);
      const documents = ManifestReader.readFiles(manifests);
      const skipped = documents.filter((d) => options.skipGroup.includes(groupOf(d.object)));
      const report = await conformance.validateDocuments(documents.filter((d) => !skipped.includes(d)));
      for (const d of skipped) {
        const o = d.object as { kind?: string; metadata?: { name?: string; namespace?: string } };
        io.out(`not checked (--skip-group ${groupOf(d.object)}): ${d.file ?? '<input>'}: ${o.kind}/${o.metadata?.name}${o.metadata?.namespace ? ` (namespace ${o.metadata.namespace})` : ''}`);
      }
      for (const e of report.errors) io.out(formatConformanceError(e));
      io.out(`${report.objects} objects, ${report.errors.length} errors, `
        + `${report.celRulesEvaluated} CEL rules evaluated, ${report.celRulesSkipped} skipped`);
      result.code = report.errors.length > 0 ? ExitCode.FINDINGS : ExitCode.OK;
    });
}

/** The API group of an object (`''` for the core group). */
function groupOf(object: unknown): string {
  const apiVersion = String((object as { apiVersion?: unknown })?.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
