// SPDX-License-Identifier: Apache-2.0
import { Command, Option } from 'commander';
import { AuthorizationEngine } from '../analyze/authz/authorization-engine';
import { AuthzInputError } from '../analyze/authz/authz-input-error';
import { writeExplainJson, writeExplainTable } from '../analyze/authz/explain-writers';
import { readRequestsFile } from '../analyze/authz/requests-file';
import type { AccessRequest, RequestJwt } from '../analyze/authz/types';
import { Inventory } from '../analyze/inventory';
import { ConformInputError } from '../conform/common/input-error';
import { ManifestReader } from '../conform/manifest-reader';
import { CliIo, ExitCode } from './cli-io';

interface ExplainOptions {
  readonly manifests: string[];
  readonly requests?: string;
  readonly format: 'json' | 'table';
  readonly detail?: boolean;
  readonly rootNamespace: string;
  readonly trustDomain?: string;
  readonly customVerdict: 'ALLOW' | 'DENY';
  readonly id: string;
  readonly from?: string;
  readonly principal?: string;
  readonly plaintext?: boolean;
  readonly sourceIp?: string;
  readonly to?: string;
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly header: string[];
  readonly jwtIss?: string;
  readonly jwtSub?: string;
  readonly jwtAud: string[];
  readonly jwtClaim: string[];
}

/**
 * `cdk8s-mesh explain --manifests <file|dir> --requests <file.yaml>`: decides requests offline
 * with Istio's semantics and prints each one's enforcement chain (DESIGN.md decision 10); a
 * single request can also come from flags (`--from`/`--principal`/`--plaintext`, `--to`…).
 * Exit 0 when it ran (a DENY is an answer, not a failure), 2 on bad input.
 */
export function addExplainCommand(program: Command, io: CliIo, result: { code: ExitCode }): Command {
  return program
    .command('explain')
    .description('decide requests offline with Istio\'s authorization semantics: can A reach B, and why '
      + '(each enforcement point with the deciding policy and rule)')
    .requiredOption('--manifests <paths...>', 'manifest files or directories (.yaml, .yml, .json)')
    .option('--requests <file>', 'requests file: requests: [{ id, source, destination, http?, jwt? }]')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'))
    .option('--detail', 'add each step\'s detail: the proxy, why it decided, what it ignored or translated')
    .option('--root-namespace <ns>', 'Istio root namespace', 'istio-system')
    .option('--trust-domain <domain>', 'the mesh\'s trust domain (default: MeshConfig trustDomain, else the one the policies name most, else cluster.local)')
    .addOption(new Option('--custom-verdict <verdict>', 'what an external authorizer (CUSTOM policy) answers').choices(['ALLOW', 'DENY']).default('ALLOW'))
    .option('--id <id>', 'id of the request given by flags', 'request')
    .option('--from <workload>', 'source workload <namespace>/<name> (its service account, over mTLS when in the mesh)')
    .option('--principal <principal>', 'source identity <trust domain>/ns/<ns>/sa/<sa>, over mTLS')
    .option('--plaintext', 'source without mesh identity')
    .option('--source-ip <ip>', 'source address')
    .option('--to <destination>', 'destination <service>.<namespace>:<port>')
    .option('--method <method>', 'HTTP method (with --path: an HTTP request; without: plain TCP)')
    .option('--path <path>', 'HTTP path')
    .option('--host <host>', 'HTTP :authority (default: the Service FQDN)')
    .option('--header <name=value>', 'HTTP header (repeatable)', collect, [])
    .option('--jwt-iss <issuer>', 'end-user token issuer')
    .option('--jwt-sub <subject>', 'end-user token subject (required with --jwt-iss)')
    .option('--jwt-aud <audience>', 'end-user token audience (repeatable)', collect, [])
    .option('--jwt-claim <name=value>', 'end-user token claim (repeatable; a repeated name makes a list)', collect, [])
    .action((options: ExplainOptions) => {
      let text: string;
      try {
        const requests = requestsOf(options);
        const documents = ManifestReader.readFiles(options.manifests);
        const inventory = Inventory.fromObjects(
          documents.map((d) => ({ object: d.object, ...(d.file !== undefined ? { file: d.file } : {}), ...(d.line !== undefined ? { line: d.line } : {}) })),
          { rootNamespace: options.rootNamespace },
        );
        const engine = AuthorizationEngine.fromInventory(inventory, { customVerdict: options.customVerdict, ...(options.trustDomain !== undefined ? { trustDomain: options.trustDomain } : {}) });
        const decisions = engine.decideAll(requests);
        const detail = options.detail === true;
        text = options.format === 'json' ? writeExplainJson(decisions, { detail }) : writeExplainTable(decisions, { detail });
      } catch (e) {
        if (AuthzInputError.isAuthzInputError(e) || ConformInputError.isConformInputError(e)) {
          io.err(`cdk8s-mesh: ${(e as Error).message}`);
          result.code = ExitCode.BAD_INPUT;
          return;
        }
        throw e;
      }
      for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
      result.code = ExitCode.OK;
    });
}

/** The requests: from the file, or the one the flags describe. */
function requestsOf(o: ExplainOptions): AccessRequest[] {
  const flagged = [o.from, o.principal, o.plaintext, o.to, o.method, o.path, o.host, o.jwtIss, o.jwtSub].some((x) => x !== undefined) || o.header.length + o.jwtAud.length + o.jwtClaim.length > 0;
  if (o.requests !== undefined) {
    if (flagged) throw new AuthzInputError('--requests cannot be combined with a request from flags (--from, --to, --method…)');
    return readRequestsFile(o.requests);
  }
  if (o.to === undefined) throw new AuthzInputError('nothing to explain: give --requests <file.yaml>, or a request with --to <service>.<namespace>:<port> and --from, --principal or --plaintext');
  const to = /^([^.:\s]+)\.([^.:\s]+):(\d{1,5})$/.exec(o.to);
  if (!to) throw new AuthzInputError(`--to "${o.to}" must be <service>.<namespace>:<port>, e.g. cart.shop:8080`);
  const forms = [o.from, o.principal, o.plaintext].filter((x) => x !== undefined).length;
  if (forms !== 1) throw new AuthzInputError('give exactly one source: --from <namespace>/<workload>, --principal <identity> or --plaintext');
  if ((o.method === undefined) !== (o.path === undefined)) throw new AuthzInputError('an HTTP request needs both --method and --path (neither means plain TCP)');
  if (o.method === undefined && (o.host !== undefined || o.header.length > 0)) throw new AuthzInputError('--host and --header need an HTTP request (--method and --path)');
  if ((o.jwtIss === undefined) !== (o.jwtSub === undefined)) throw new AuthzInputError('a token needs both --jwt-iss and --jwt-sub');
  const headers = Object.fromEntries(o.header.map((h) => pair(h, '--header')));
  const claims: Record<string, string | string[]> = {};
  for (const [k, v] of o.jwtClaim.map((c) => pair(c, '--jwt-claim'))) {
    const prev = claims[k];
    claims[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  if (o.jwtIss === undefined && (o.jwtAud.length > 0 || o.jwtClaim.length > 0)) throw new AuthzInputError('--jwt-aud and --jwt-claim need a token (--jwt-iss and --jwt-sub)');
  const jwt: RequestJwt | undefined = o.jwtIss !== undefined ? { iss: o.jwtIss, sub: o.jwtSub!, ...(o.jwtAud.length > 0 ? { aud: o.jwtAud } : {}), ...(o.jwtClaim.length > 0 ? { claims } : {}) } : undefined;
  return [{
    id: o.id,
    source: {
      ...(o.from !== undefined ? { workload: o.from } : {}),
      ...(o.principal !== undefined ? { principal: o.principal } : {}),
      ...(o.plaintext === true ? { plaintext: true } : {}),
      ...(o.sourceIp !== undefined ? { ip: o.sourceIp } : {}),
    },
    destination: { service: to[1], namespace: to[2], port: Number(to[3]) },
    ...(o.method !== undefined ? { http: { method: o.method, path: o.path!, ...(o.host !== undefined ? { host: o.host } : {}), ...(o.header.length > 0 ? { headers } : {}) } } : {}),
    ...(jwt ? { jwt } : {}),
  }];
}

function pair(text: string, flag: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AuthzInputError(`${flag} "${text}" must be <name>=<value>`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
