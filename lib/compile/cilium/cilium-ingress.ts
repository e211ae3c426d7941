// SPDX-License-Identifier: Apache-2.0
/**
 * `ingress` and `ingressDeny` of a service's CiliumNetworkPolicy, from its access rules.
 *
 * Sources (Cilium takes one kind of L3 selector per rule, so each kind gets a rule of its own):
 * - identities → `fromEndpoints` on the `io.cilium.k8s.policy.serviceaccount` and
 *   `k8s:io.kubernetes.pod.namespace` labels; namespaces → the namespace label only; any
 *   authenticated peer → every pod of the cluster. These rules carry `authentication.mode:
 *   required`: Cilium then admits the traffic only after a SPIFFE mutual-TLS handshake between
 *   the two endpoints' identities (Istio matches these sources on the mTLS certificate too).
 * - anyone → every pod of the cluster, without authentication. Not `fromEntities: [all]`: under
 *   the mesh's STRICT mTLS, Istio never admits plaintext from outside the mesh, and `all` (or
 *   `cluster`, which includes nodes and, in direct routing, forwarded north-south traffic) would.
 *   Name outside callers with `Peer.ipBlock`.
 * - IP blocks, and `Condition.sourceIp` (only with anyone) → `fromCIDR`. Cilium CIDR rules only
 *   match sources outside the cluster, so they never admit in-cluster workloads.
 * A DENY of anyone is `fromEntities: [all]`, which covers every source.
 *
 * Rules with the same ports and HTTP rules merge (their sources are unioned, as in Istio's
 * `mergeRules`), and every list is sorted, so the output does not depend on the order of calls.
 */
import { compare } from '../access-rules';
import { hostRegex, methodRegex, pathRegex } from './http-regex';
import { ALL_PODS, NAMESPACE_LABEL, SERVICE_ACCOUNT_LABEL, type EndpointSelector, type HttpRule, type IngressDenyRule, type IngressRule, type PortProtocol, type PortRule } from './cilium-types';
import { carriesHttp } from '../../model/http';
import type { AccessRuleModel, IdentityModel, ServiceModel } from '../../model/mesh-model';

const REQUIRED = { mode: 'required' } as const;

/** The sources of the rules that share one `toPorts`. */
interface Sources {
  anyone: boolean;
  anyAuthenticated: boolean;
  identities: IdentityModel[];
  namespaces: string[];
  cidrs: string[];
}

/**
 * `ingress`: the enforced ALLOW rules. With none, a single rule whose explicit empty
 * `fromEntities` selects no source: the rule keeps the endpoint in ingress default-deny (Cilium
 * switches a direction to default-deny only when a policy has rules for it), and an explicit
 * empty selector list selects no identity (cilium/cilium#29608, Cilium 1.15).
 */
export function ingressRules(service: ServiceModel): IngressRule[] {
  const groups = new Map<string, { toPorts?: PortRule[]; sources: Sources }>();
  for (const rule of service.access.filter((r) => r.action === 'ALLOW' && !r.dryRun)) {
    const toPorts = allowPorts(service, rule);
    const key = JSON.stringify(toPorts ?? null);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { toPorts, sources: { anyone: false, anyAuthenticated: false, identities: [], namespaces: [], cidrs: [] } }));
    const sourceIp = rule.conditions.filter((c) => c.key === 'source.ip').flatMap((c) => c.values);
    if (sourceIp.length > 0) {
      // Only with Peer.anyone() (ciliumRuleProblem): the rule admits exactly these blocks.
      group.sources.cidrs.push(...sourceIp);
      continue;
    }
    for (const source of rule.sources) {
      const s = group.sources;
      s.anyone ||= source.anyone;
      s.anyAuthenticated ||= source.anyAuthenticated;
      s.identities.push(...source.identities);
      s.namespaces.push(...source.namespaces);
      s.cidrs.push(...source.ipBlocks);
    }
  }
  const out: IngressRule[] = [];
  for (const [, { toPorts, sources }] of [...groups].sort(([a], [b]) => compare(a, b))) {
    const to = toPorts ? { toPorts } : {};
    if (sources.anyone) out.push({ fromEndpoints: [ALL_PODS], ...to });
    else if (sources.anyAuthenticated) out.push({ fromEndpoints: [ALL_PODS], authentication: REQUIRED, ...to });
    else {
      const selectors = peerSelectors(sources.identities, sources.namespaces);
      if (selectors.length > 0) out.push({ fromEndpoints: selectors, authentication: REQUIRED, ...to });
    }
    if (sources.cidrs.length > 0) out.push({ fromCIDR: sortedUnique(sources.cidrs), ...to });
  }
  return out.length > 0 ? out : [{ fromEntities: [] }];
}

/** `ingressDeny`: the enforced DENY rules (L3/L4 only; IP-based ones are rejected earlier). */
export function ingressDenyRules(service: ServiceModel): IngressDenyRule[] {
  const groups = new Map<string, { ports: PortProtocol[]; sources: Sources }>();
  for (const rule of service.access.filter((r) => r.action === 'DENY' && !r.dryRun)) {
    const ports = targetPorts(service, rule.ports).map(tcp);
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, sources: { anyone: false, anyAuthenticated: false, identities: [], namespaces: [], cidrs: [] } }));
    for (const source of rule.sources) {
      group.sources.anyone ||= source.anyone;
      group.sources.anyAuthenticated ||= source.anyAuthenticated;
      group.sources.identities.push(...source.identities);
      group.sources.namespaces.push(...source.namespaces);
    }
  }
  return [...groups].sort(([a], [b]) => compare(a, b)).flatMap(([, { ports, sources }]): IngressDenyRule[] => {
    const to = ports.length > 0 ? { toPorts: [{ ports }] } : {};
    if (sources.anyone) return [{ fromEntities: ['all'], ...to }];
    if (sources.anyAuthenticated) return [{ fromEndpoints: [ALL_PODS], ...to }];
    const selectors = peerSelectors(sources.identities, sources.namespaces);
    return selectors.length > 0 ? [{ fromEndpoints: selectors, ...to }] : [];
  });
}

/** Endpoint selectors for identities and namespaces; identities inside a listed namespace are implied by it. */
function peerSelectors(identities: readonly IdentityModel[], namespaces: readonly string[]): EndpointSelector[] {
  const nsSet = new Set(namespaces);
  const selectors: EndpointSelector[] = [
    ...[...nsSet].map((ns) => ({ matchLabels: { [NAMESPACE_LABEL]: ns } })),
    ...identities.filter((i) => !nsSet.has(i.namespace)).map((i) => ({ matchLabels: { [SERVICE_ACCOUNT_LABEL]: i.serviceAccount, [NAMESPACE_LABEL]: i.namespace } })),
  ];
  const unique = new Map(selectors.map((s) => [JSON.stringify(s), s]));
  return [...unique].sort(([a], [b]) => compare(a, b)).map(([, s]) => s);
}

/**
 * `toPorts` of an ALLOW rule, or undefined when it admits every port. HTTP rules live inside
 * `toPorts`, so a rule with HTTP attributes and no ports covers every HTTP port of the service.
 */
function allowPorts(service: ServiceModel, rule: AccessRuleModel): PortRule[] | undefined {
  const http = httpRules(rule);
  const ports = rule.ports.length > 0 || !http ? rule.ports : service.ports.filter((p) => carriesHttp(p.protocol)).map((p) => p.port);
  if (ports.length === 0) return undefined;
  return [{ ports: targetPorts(service, ports).map(tcp), ...(http ? { rules: { http } } : {}) }];
}

/**
 * `rules.http` of a rule: one entry per method × path × combination of header values (entries
 * are alternatives; the fields of one entry must all match), each with the rule's hosts as one
 * regex. Undefined when the rule has no HTTP attribute.
 */
function httpRules(rule: AccessRuleModel): HttpRule[] | undefined {
  const headers = rule.conditions.filter((c) => c.http && c.values.length > 0)
    .map((c) => ({ name: /^request\.headers\[(.+)\]$/.exec(c.key)?.[1] ?? c.key, values: sortedUnique(c.values) }))
    .sort((a, b) => compare(a.name, b.name));
  if (rule.methods.length + rule.paths.length + rule.hosts.length + headers.length === 0) return undefined;
  const host = rule.hosts.length > 0 ? { host: hostRegex(sortedUnique(rule.hosts)) } : {};
  // Every combination of one value per header condition (conditions AND, values OR).
  const headerSets = headers.reduce<string[][]>((sets, h) => sets.flatMap((set) => h.values.map((v) => [...set, `${h.name}: ${v}`])), [[]]);
  const methods: (string | undefined)[] = rule.methods.length > 0 ? sortedUnique(rule.methods) : [undefined];
  const paths: (string | undefined)[] = rule.paths.length > 0 ? sortedUnique(rule.paths) : [undefined];
  return methods.flatMap((method) => paths.flatMap((path) => headerSets.map((set) => ({
    ...(method !== undefined ? { method: methodRegex(method) } : {}),
    ...(path !== undefined ? { path: pathRegex(path) } : {}),
    ...host,
    ...(set.length > 0 ? { headers: set } : {}),
  }))));
}

/** Container ports of the given service ports (what Cilium sees at the pod), sorted. */
export function targetPorts(service: ServiceModel, ports: readonly number[]): number[] {
  return [...new Set(ports.map((p) => service.ports.find((sp) => sp.port === p)?.targetPort ?? p))].sort((a, b) => a - b);
}

/** A TCP port entry. */
export function tcp(port: number): PortProtocol {
  return { port: String(port), protocol: 'TCP' };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}
