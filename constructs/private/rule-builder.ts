// SPDX-License-Identifier: Apache-2.0
/** Turns one `allowFrom` / `denyFrom` / `auditFrom` call into an AccessRuleModel, checking it. */
import { MeshError } from '../../lib/model/errors';
import { carriesHttp } from '../../lib/model/http';
import type { AccessRuleModel, PolicyAction, PortModel, SourceModel } from '../../lib/model/mesh-model';
import type { AccessOptions } from '../access';
import { checkCidr, checkKnownKeys, checkName, checkTrustDomain } from './input-checks';
import type { Match } from '../match';
import type { IMesh } from '../i-mesh';
import type { IPeer } from '../peer-config';

/** What the rule is checked against. */
export interface RuleContext {
  /** Construct path of the destination service. */
  readonly path: string;
  /** The destination's mesh. */
  readonly mesh: IMesh;
  readonly ports: readonly PortModel[];
  /** How the call is shown in messages, e.g. `denyFrom`. */
  readonly verb: string;
}

/** Checks `options` for `peer` and returns the rule to record. */
export function buildRule(ctx: RuleContext, action: PolicyAction, peer: IPeer, options: AccessOptions, provider?: string, failOpen?: string): AccessRuleModel {
  const source = sourceOf(ctx, peer);
  const where = `${ctx.verb}(${source.label})`;
  const fail = (problem: string, value: unknown, expected: string, fix: string) => new MeshError({ path: ctx.path, problem: `${where}: ${problem}`, value, expected, fix });

  checkKnownKeys(ctx.path, where, options, ['methods', 'paths', 'excludePaths', 'hosts', 'ports', 'endUser', 'when', 'dryRun']);
  for (const key of ['methods', 'paths', 'excludePaths', 'hosts', 'ports', 'when'] as const) {
    const list = options[key];
    if (list !== undefined && (!Array.isArray(list) || list.length === 0)) {
      throw fail(`empty ${key} list`, list, `a non-empty list, or no \`${key}\` to place no condition`, `remove \`${key}\` or list at least one value`);
    }
  }
  if (action === 'DENY' && options.hosts !== undefined) {
    // A workload's proxy accepts any Host header for its own port: a caller would spell the
    // host another way (an IP, another alias) and walk past the DENY (semantics b8 #17).
    throw fail('hosts in a DENY rule', options.hosts.map((m) => m.pattern),
      'no `hosts` on denyFrom: the Host header is chosen by the caller, so a DENY on it can be bypassed',
      'deny by path, method, port or caller instead, or allow only the hosts you serve with allowFrom(peer, { hosts })');
  }
  const paths = (options.paths ?? []).map((m) => pathPattern(m, 'paths', fail));
  const notPaths = (options.excludePaths ?? []).map((m) => pathPattern(m, 'excludePaths', fail));
  const hosts = (options.hosts ?? []).map((m) => {
    if (m.kind === 'template') throw fail('path template used as a host', m.pattern, 'Match.exact, prefix, suffix or presence', 'use Match.exact("api.example.com")');
    return m.pattern.toLowerCase();
  }).flatMap((h) => (h.includes('*') ? [h] : [h, `${h}:*`]));
  const methods = (options.methods ?? []).map((m) => m.value);
  const conditions = (options.when ?? []).map((c) => c._toModel());
  if (options.dryRun && (action === 'CUSTOM' || action === 'AUDIT')) {
    throw fail(`dry-run ${action} rule`, true,
      action === 'CUSTOM' ? 'no dryRun: Istio still calls the external authorizer for dry-run CUSTOM policies, so its denials would be enforced' : 'no dryRun: AUDIT rules never change the decision already',
      'remove dryRun');
  }

  const targeted: PortModel[] = [];
  for (const n of options.ports ?? []) {
    const port = ctx.ports.find((p) => p.port === n);
    if (!port) throw fail('port not exposed by the service', n, `one of the service ports ${ctx.ports.map((p) => p.port).join(', ')}`, 'list a port of the service, or add the port to `ports`');
    targeted.push(port);
  }

  const httpAttributes = methods.length + paths.length + notPaths.length + hosts.length > 0 || options.endUser !== undefined || conditions.some((c) => c.http);
  let ports = [...(options.ports ?? [])];
  if (httpAttributes) {
    const scope = targeted.length > 0 ? targeted : [...ctx.ports];
    const opaque = scope.filter((p) => !carriesHttp(p.protocol));
    if ((targeted.length > 0 && opaque.length > 0) || opaque.length === scope.length) {
      throw fail(`HTTP attributes cannot be enforced on ${opaque[0].protocol} port`, opaque[0].port,
        'methods, paths, hosts, end users and header conditions only on http, http2 or grpc ports (Istio drops them on TCP traffic: an ALLOW rule stops matching, a DENY rule widens)',
        'drop the HTTP attributes for this port, or make one call per kind of port');
    }
    // Pin the rule to the HTTP ports when the service also has TCP ports, so a DENY or AUDIT
    // rule can never be widened onto TCP traffic (Istio drops HTTP-only fields there).
    if (targeted.length === 0 && ctx.ports.some((p) => !carriesHttp(p.protocol))) ports = ctx.ports.filter((p) => carriesHttp(p.protocol)).map((p) => p.port);
    const grpcOnly = (targeted.length > 0 ? targeted : ctx.ports.filter((p) => carriesHttp(p.protocol))).every((p) => p.protocol === 'grpc');
    const notPost = methods.find((m) => m !== 'POST');
    if (grpcOnly && notPost) {
      throw fail('method never used by gRPC', notPost, 'POST (every gRPC call is an HTTP/2 POST to /package.Service/Method)', 'use methods: [HttpMethod.POST] and select calls with paths');
    }
  }
  return {
    declaredAt: ctx.path,
    action,
    dryRun: options.dryRun ?? false,
    ...(provider !== undefined ? { provider } : {}),
    ...(failOpen !== undefined ? { providerFailOpen: failOpen } : {}),
    sources: [source],
    ...(options.endUser ? { endUser: options.endUser._toModel() } : {}),
    methods,
    paths,
    notPaths,
    hosts,
    ports,
    conditions,
  };
}

function sourceOf(ctx: RuleContext, peer: IPeer): SourceModel {
  const config = peer?.toPeerConfig?.();
  if (!config) {
    throw new MeshError({ path: ctx.path, problem: `${ctx.verb}: not a peer`, value: String(peer), expected: 'a MeshService, a WorkloadIdentity or a Peer factory result', fix: 'pass e.g. Peer.namespace("batch")' });
  }
  if (config.mesh !== undefined && config.mesh !== ctx.mesh) {
    throw new MeshError({
      path: ctx.path,
      problem: `${ctx.verb}: rule names a service outside the mesh`,
      value: config.label,
      expected: `a service of the mesh ${ctx.mesh.node.path} (the peer belongs to the mesh ${config.mesh.node.path})`,
      fix: 'add the peer to the same mesh, or reference its identity with WorkloadIdentity.fromServiceAccountName(…, { trustDomain })',
    });
  }
  const source: SourceModel = {
    label: config.label,
    identities: (config.identities ?? []).map((i) => ({ ...i })),
    namespaces: [...(config.namespaces ?? [])],
    ipBlocks: [...(config.ipBlocks ?? [])],
    anyAuthenticated: config.anyAuthenticated ?? false,
    anyone: config.anyone ?? false,
  };
  for (const identity of source.identities) {
    checkName(ctx.path, `${ctx.verb}: peer namespace`, identity.namespace, 'the peer identity\'s namespace', 'dns1123-label');
    checkName(ctx.path, `${ctx.verb}: peer service account`, identity.serviceAccount, 'the peer identity\'s serviceAccount', 'dns1123-subdomain');
    if (identity.trustDomain !== undefined) checkTrustDomain(ctx.path, identity.trustDomain);
  }
  source.namespaces.forEach((ns) => checkName(ctx.path, `${ctx.verb}: peer namespace`, ns, 'the peer namespace', 'dns1123-label'));
  source.ipBlocks.forEach((b) => checkCidr(ctx.path, b));
  if (!source.anyone && !source.anyAuthenticated && source.identities.length + source.namespaces.length + source.ipBlocks.length === 0) {
    throw new MeshError({ path: ctx.path, problem: `${ctx.verb}: peer with no source`, value: config.label, expected: 'a peer naming identities, namespaces, IP blocks, any authenticated peer, or anyone', fix: 'use a MeshService, a WorkloadIdentity or a Peer factory' });
  }
  return source;
}

function pathPattern(m: Match, prop: string, fail: (problem: string, value: unknown, expected: string, fix: string) => MeshError): string {
  if (m.pattern.includes('?') || m.pattern.includes('#')) {
    throw fail(`${prop}: query or fragment in a path`, m.pattern, 'a path without "?" or "#" (Istio strips the query before matching, so it could never match)', 'match the path only; use Condition.header for other request attributes');
  }
  if ((m.kind === 'exact' || m.kind === 'prefix') && !m.literal.startsWith('/')) {
    throw fail(`${prop}: relative path`, m.literal, 'a path starting with "/"', `write Match.${m.kind}("/${m.literal}")`);
  }
  return m.pattern;
}
