// SPDX-License-Identifier: Apache-2.0
import type { Command } from 'commander';
import type { CliIo } from './cli-io';
import { featureSupportMarkdown } from '../compile/feature-table';

/** `cdk8s-mesh features`: which proxy model enforces which feature (Markdown table). */
export function addFeaturesCommand(program: Command, io: CliIo): Command {
  return program
    .command('features')
    .description('print which SP 800-233 proxy model enforces which feature of the intent (Markdown)')
    .action(() => {
      io.out(featureSupportMarkdown().replace(/\n$/, ''));
    });
}
