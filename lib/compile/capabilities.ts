// SPDX-License-Identifier: Apache-2.0
/**
 * What each proxy model can enforce (SP 800-233; istio-authz-semantics §b4–b7). One table in
 * code drives both the checks that reject intent a model cannot enforce and the feature-support
 * table in the README, so the two cannot drift.
 */
import { carriesHttp } from '../model/http';
import type { AccessRuleModel, ProxyModelKind, ServiceModel } from '../model/mesh-model';

/** Features of the intent, as the table lists them. */
export type Feature =
  | 'allow-l4'
  | 'allow-l7'
  | 'deny-l4'
  | 'deny-l7'
  | 'end-user'
  | 'require-end-user'
  | 'source-ip'
  | 'header-prefix'
  | 'exclude-paths'
  | 'audit'
  | 'custom'
  | 'dry-run'
  | 'resilience'
  | 'egress';

/** Human-readable feature names, in table order. */
export const FEATURES: readonly { readonly id: Feature; readonly title: string }[] = [
  { id: 'allow-l4', title: 'ALLOW by identity, namespace, IP block, port' },
  { id: 'allow-l7', title: 'ALLOW by method, path, host, header' },
  { id: 'deny-l4', title: 'DENY by identity, namespace, IP block, port' },
  { id: 'deny-l7', title: 'DENY by method, path, host, header' },
  { id: 'end-user', title: 'end users (JWT issuer, subject, audiences, claims)' },
  { id: 'require-end-user', title: 'token required (`requireEndUser`)' },
  { id: 'source-ip', title: 'source IP condition (`Condition.sourceIp`)' },
  { id: 'header-prefix', title: 'header prefix/suffix/presence match' },
  { id: 'exclude-paths', title: 'excluded paths (`excludePaths`)' },
  { id: 'audit', title: 'AUDIT (`auditFrom`)' },
  { id: 'custom', title: 'CUSTOM (`authorizeWith`, ext_authz)' },
  { id: 'dry-run', title: 'dry-run' },
  { id: 'resilience', title: 'timeouts, retries, circuit breaking' },
  { id: 'egress', title: 'egress to external services' },
];

/** `true` when enforced; otherwise why not and what to do instead. */
export type Support = true | { readonly reason: string; readonly fix: string };

/** One model's column of the table. */
export type Capabilities = Readonly<Record<Feature, Support>>;

/** The features one rule needs. */
export function ruleFeatures(rule: AccessRuleModel): Feature[] {
  const http = rule.methods.length + rule.paths.length + rule.notPaths.length + rule.hosts.length > 0 || rule.conditions.some((c) => c.http);
  const out: Feature[] = [];
  if (rule.action === 'ALLOW') out.push(http ? 'allow-l7' : 'allow-l4');
  if (rule.action === 'DENY') out.push(http ? 'deny-l7' : 'deny-l4');
  if (rule.action === 'AUDIT') out.push('audit');
  if (rule.action === 'CUSTOM') out.push('custom');
  if (rule.endUser) out.push('end-user');
  if (rule.dryRun) out.push('dry-run');
  if (rule.notPaths.length) out.push('exclude-paths');
  if (rule.conditions.some((c) => c.key === 'source.ip')) out.push('source-ip');
  if (rule.conditions.some((c) => c.http && [...c.values, ...c.notValues].some((v) => v.startsWith('*') || v.endsWith('*')))) out.push('header-prefix');
  return out;
}

/** The features a service's own settings need (beyond its rules). */
export function serviceFeatures(service: ServiceModel, explicitResilience: boolean): Feature[] {
  const out: Feature[] = [];
  if (service.jwtIssuers.length) out.push('end-user');
  if (service.requireEndUser) out.push('require-end-user');
  if (explicitResilience && service.ports.some((p) => carriesHttp(p.protocol))) out.push('resilience');
  if (service.egress.length) out.push('egress');
  return out;
}

/** The first feature of `features` that `caps` does not enforce, with its reason. */
export function firstUnsupported(caps: Capabilities, features: readonly Feature[]): { feature: Feature; reason: string; fix: string } | undefined {
  for (const feature of features) {
    const support = caps[feature];
    if (support !== true) return { feature, ...support };
  }
  return undefined;
}

/** Title of a feature for messages. */
export function featureTitle(feature: Feature): string {
  return FEATURES.find((f) => f.id === feature)!.title;
}

/** Display name of a proxy model. */
export function modelTitle(kind: ProxyModelKind, waypoint: boolean): string {
  switch (kind) {
    case 'sidecar': return 'sidecar';
    case 'ambient': return waypoint ? 'ambient with waypoint' : 'ambient (ztunnel only)';
    case 'sharedNode': return 'shared node (Cilium)';
    default: return 'proxyless gRPC';
  }
}

/**
 * Why a caller on `client` cannot reach a server on `server` under the mesh's STRICT mTLS, or
 * undefined when the transports meet: sidecars speak both Istio mTLS and HBONE; ztunnel speaks
 * HBONE only; a proxyless gRPC workload speaks Istio mTLS only; a shared-node (Cilium) workload
 * has no Istio certificate at all.
 */
export function callProblem(client: ProxyModelKind, server: ProxyModelKind): string | undefined {
  if (client === 'sharedNode' && server !== 'sharedNode') {
    return 'the caller has no Istio mTLS identity (no Istio proxy runs in its pods), and the server accepts STRICT mTLS only and matches principals';
  }
  if (client === 'ambient' && server === 'proxyless') {
    return 'ztunnel sends the caller\'s traffic as HBONE, which a proxyless gRPC server cannot terminate';
  }
  if (client === 'proxyless' && server === 'ambient') {
    return 'the gRPC client opens Istio mTLS directly to the pod, and ztunnel accepts only HBONE under STRICT mTLS';
  }
  return undefined;
}
