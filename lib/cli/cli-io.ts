// SPDX-License-Identifier: Apache-2.0

/**
 * Where CLI commands write. Tests pass their own to capture output in-process.
 */
export interface CliIo {
  /** Writes one line of normal output. */
  out(line: string): void;
  /** Writes one line of diagnostics. */
  err(line: string): void;
}

// A reader that stops early (`cdk8s-mesh matrix … | head`) closes the pipe: end quietly, as Unix
// tools do, instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** The process's stdout and stderr. */
export const PROCESS_IO: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Exit codes shared by every command.
 */
export enum ExitCode {
  /** The check ran and found nothing. */
  OK = 0,
  /** The check ran and found problems. */
  FINDINGS = 1,
  /** The check could not run: unreadable input, bad YAML, bad usage. */
  BAD_INPUT = 2,
}
