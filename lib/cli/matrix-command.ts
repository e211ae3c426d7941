// SPDX-License-Identifier: Apache-2.0
import { Command, Option } from 'commander';
import { AuthzInputError } from '../analyze/authz/authz-input-error';
import { matrixOfPaths } from '../analyze/authz/matrix-load';
import { MATRIX_FORMATS, type MatrixFormat, writeMatrix } from '../analyze/authz/matrix-writers';
import { ConformInputError } from '../conform/common/input-error';
import { CliIo, ExitCode } from './cli-io';

interface MatrixOptions {
  readonly format: MatrixFormat;
  readonly rootNamespace: string;
  readonly trustDomain?: string;
}

/**
 * `cdk8s-mesh matrix <manifests...>`: who can reach whom, per source identity × destination
 * Service port, with the methods, paths and JWT conditions under which it is allowed. Exit 0,
 * or 2 on unreadable input.
 */
export function addMatrixCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('matrix')
    .description('print who can reach whom: per source identity and destination service port, the requests '
      + 'the authorization policies allow (methods, paths, JWT conditions), decided with Istio\'s semantics')
    .addOption(new Option('--format <format>', 'output format').choices([...MATRIX_FORMATS]).default('table'))
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .option('--trust-domain <domain>', 'the mesh\'s trust domain (default: MeshConfig trustDomain, else the one the policies name most)')
    .argument('<manifests...>', 'manifest files or directories (.yaml, .yml, .json)')
    .action((manifests: string[], options: MatrixOptions) => {
      const matrix = readingInput(io, result, () => matrixOfPaths(manifests, {
        rootNamespace: options.rootNamespace,
        ...(options.trustDomain !== undefined ? { trustDomain: options.trustDomain } : {}),
      }));
      if (matrix === undefined) return;
      for (const line of writeMatrix(matrix, options.format).replace(/\n$/, '').split('\n')) io.out(line);
      result.code = ExitCode.OK;
    });
}

/**
 * Runs `read`; on unreadable input (missing file, bad YAML, a request the engine rejects)
 * prints the message, sets exit code 2 and returns `undefined`.
 */
export function readingInput<T>(io: CliIo, result: { code: ExitCode }, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (ConformInputError.isConformInputError(e) || AuthzInputError.isAuthzInputError(e)) {
      io.err(`cdk8s-mesh: ${e.message}`);
      result.code = ExitCode.BAD_INPUT;
      return undefined;
    }
    throw e;
  }
}
