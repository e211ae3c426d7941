// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { AuthzInputError } from '../analyze/authz/authz-input-error';
import { AuthorizationEngine } from '../analyze/authz/engine';
import { accessMatrix } from '../analyze/authz/matrix';
import { Inventory } from '../analyze/inventory';
import { ConformInputError } from '../conform/common/input-error';
import { ManifestReader } from '../conform/manifest-reader';
import { accessGraph } from '../render/access-graph';
import { toDot } from '../render/dot';
import { toMermaid } from '../render/mermaid';
import { renderSvg } from '../render/svg';
import { CheckUsageError, parseRisk } from '../validate/check-manifests';
import { CliIo, ExitCode } from './cli-io';

/** Output formats of `cdk8s-mesh graph`. */
export const GRAPH_FORMATS = ['mermaid', 'svg', 'dot'] as const;

interface GraphOptions {
  readonly format: (typeof GRAPH_FORMATS)[number];
  readonly output?: string;
  readonly risk: string;
  readonly rootNamespace: string;
  readonly trustDomain?: string;
  readonly maxConditions: string;
  readonly legend: boolean;
}

/**
 * `cdk8s-mesh graph <manifests...>`: the access graph (who can reach whom) as Mermaid, DOT or
 * SVG rendered in-process, nodes filled by risk profile and shaped by proxy model. Exit 0, or
 * 2 on unreadable input or bad usage.
 */
export function addGraphCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('graph')
    .description('draw who can reach whom: Services grouped by namespace, filled by risk profile (colour-blind safe), '
      + 'shaped by proxy model, arrows labelled with ports and the conditions the authorization policies allow')
    .addOption(new Option('--format <format>', 'output format').choices([...GRAPH_FORMATS]).default('mermaid'))
    .option('--output <file>', 'write the graph to a file instead of stdout (a summary line still prints)')
    .option('--risk <level>', 'risk profile of workloads without the mesh.cdk8s.io/risk-profile label (low, medium, high)', 'high')
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .option('--trust-domain <domain>', 'the mesh\'s trust domain (default: MeshConfig trustDomain, else the one the policies name most)')
    .option('--max-conditions <n>', 'conditions shown per port on an arrow before the rest collapse into "… n more"', '3')
    .option('--no-legend', 'leave out the legend')
    .argument('<manifests...>', 'manifest files or directories (.yaml, .yml, .json)')
    .action(async (manifests: string[], options: GraphOptions) => {
      let text: string;
      let summary: string;
      try {
        const maxConditions = positiveInteger(options.maxConditions);
        const documents = ManifestReader.readFiles(manifests);
        const inventory = Inventory.fromObjects(
          documents.map((d) => ({ object: d.object, ...(d.file !== undefined ? { file: d.file } : {}), ...(d.line !== undefined ? { line: d.line } : {}) })),
          { rootNamespace: options.rootNamespace, defaultRisk: parseRisk(options.risk) },
        );
        const trust = options.trustDomain !== undefined ? { trustDomain: options.trustDomain } : {};
        const matrix = accessMatrix(AuthorizationEngine.fromInventory(inventory, trust), inventory, trust);
        const graph = accessGraph(matrix, inventory, { maxConditions, legend: options.legend });
        text = options.format === 'svg' ? await renderSvg(graph) : options.format === 'dot' ? toDot(graph) : toMermaid(graph);
        summary = `${count(graph.nodes.length, 'node')}, ${count(graph.edges.length, 'arrow')} in ${count(graph.namespaces.length, 'namespace')}`;
      } catch (e) {
        if (e instanceof CheckUsageError || ConformInputError.isConformInputError(e) || AuthzInputError.isAuthzInputError(e)) {
          io.err(`cdk8s-mesh: ${(e as Error).message}`);
          result.code = ExitCode.BAD_INPUT;
          return;
        }
        throw e;
      }
      if (options.output !== undefined) {
        try {
          fs.writeFileSync(options.output, text);
        } catch (e) {
          io.err(`cdk8s-mesh: cannot write "${options.output}": ${e instanceof Error ? e.message : String(e)}`);
          result.code = ExitCode.BAD_INPUT;
          return;
        }
        io.out(`access graph (${options.format}) written to ${options.output}: ${summary}`);
      } else {
        for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
      }
      result.code = ExitCode.OK;
    });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CheckUsageError(`invalid --max-conditions "${value}": expected a whole number of at least 1`);
  return n;
}
