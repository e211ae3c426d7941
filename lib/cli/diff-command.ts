// SPDX-License-Identifier: Apache-2.0
import { Command, Option } from 'commander';
import { accessDiff, isNewAccess } from '../analyze/authz/diff';
import { DIFF_FORMATS, type DiffFormat, writeDiff } from '../analyze/authz/diff-writers';
import { matrixOfPaths } from '../analyze/authz/matrix-load';
import { CliIo, ExitCode } from './cli-io';
import { readingInput } from './matrix-command';

/** When `cdk8s-mesh diff` exits 1. */
export const FAIL_ON = ['granted', 'any', 'none'] as const;

interface DiffOptions {
  readonly format: DiffFormat;
  readonly failOn: typeof FAIL_ON[number];
  readonly rootNamespace: string;
  readonly trustDomain?: string;
}

/**
 * `cdk8s-mesh diff <old> <new>`: the access granted, widened, narrowed and revoked between two
 * manifest sets, in words a reviewer reads. Exit 1 when a change matches `--fail-on`
 * (default `granted`: new access, granted or widened, needs review), 2 on unreadable input.
 */
export function addDiffCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('diff')
    .description('print the access granted and revoked between two versions of the manifests (for review and CI gating)')
    .addOption(new Option('--format <format>', 'output format').choices([...DIFF_FORMATS]).default('text'))
    .addOption(new Option('--fail-on <change>', 'exit 1 on new access (granted or widened), on any change, or never').choices([...FAIL_ON]).default('granted'))
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .option('--trust-domain <domain>', 'the mesh\'s trust domain (default: MeshConfig trustDomain, else the one the policies name most)')
    .argument('<old>', 'the manifests before: a file or directory')
    .argument('<new>', 'the manifests after: a file or directory')
    .action((oldPath: string, newPath: string, options: DiffOptions) => {
      const matrixOptions = { rootNamespace: options.rootNamespace, ...(options.trustDomain !== undefined ? { trustDomain: options.trustDomain } : {}) };
      const changes = readingInput(io, result, () => accessDiff(matrixOfPaths([oldPath], matrixOptions), matrixOfPaths([newPath], matrixOptions)));
      if (changes === undefined) return;
      for (const line of writeDiff(changes, options.format).replace(/\n$/, '').split('\n')) io.out(line);
      const failing = options.failOn === 'any' ? changes.length > 0 : options.failOn === 'granted' ? changes.some(isNewAccess) : false;
      result.code = failing ? ExitCode.FINDINGS : ExitCode.OK;
    });
}
