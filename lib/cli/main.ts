// SPDX-License-Identifier: Apache-2.0
import { Command, CommanderError } from 'commander';
import { ConformInputError } from '../conform/common/input-error';
import { CliIo, ExitCode, PROCESS_IO } from './cli-io';
import { addCheckCommand } from './check-command';
import { addConformCommand } from './conform-command';
import { addDiffCommand } from './diff-command';
import { addExplainCommand } from './explain-command';
import { addFeaturesCommand } from './features-command';
import { addGraphCommand } from './graph-command';
import { addLintCommand } from './lint-command';
import { addMatrixCommand } from './matrix-command';

/**
 * Runs the `cdk8s-mesh` CLI with arguments (without `node` and the script) and returns
 * the exit code. Never throws and never prints a stack trace.
 */
export async function runCli(args: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const result = { code: ExitCode.OK };
  const program = new Command('cdk8s-mesh')
    .description('zero-trust service mesh as code on cdk8s')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    });
  addCheckCommand(program, io, result);
  addConformCommand(program, io, result);
  addExplainCommand(program, io, result);
  addMatrixCommand(program, io, result);
  addDiffCommand(program, io, result);
  addLintCommand(program, io, result);
  addGraphCommand(program, io, result);
  addFeaturesCommand(program, io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    if (ConformInputError.isConformInputError(e)) {
      io.err(`cdk8s-mesh: ${e.message}`);
      return ExitCode.BAD_INPUT;
    }
    io.err(`cdk8s-mesh: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.BAD_INPUT;
  }
}

/** Entry point of `bin/cdk8s-mesh`: runs with `process.argv` and sets the exit code. */
export function main(): void {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
