// SPDX-License-Identifier: Apache-2.0
import type { AuthorizationCondition, AuthorizationOperation, AuthorizationRule, AuthorizationSource } from './manifest';
import { principal } from '../model/identity';
import type { AccessRuleModel, EndUserModel, PolicyAction, ServiceModel, SourceModel } from '../model/mesh-model';

/** The rules of one policy: same action, dry-run flag and provider. */
export interface RuleGroup {
  readonly action: PolicyAction;
  readonly dryRun: boolean;
  readonly provider?: string;
  readonly providerFailOpen?: string;
  readonly rules: readonly AccessRuleModel[];
}

/** The service's rules grouped into policies, in a fixed order (ALLOW, DENY, AUDIT, CUSTOM; enforced first). */
export function groupRules(service: ServiceModel): RuleGroup[] {
  const groups = new Map<string, { action: PolicyAction; dryRun: boolean; provider?: string; providerFailOpen?: string; rules: AccessRuleModel[] }>();
  for (const rule of service.access) {
    const key = `${ACTION_ORDER.indexOf(rule.action)}|${rule.dryRun ? 1 : 0}|${rule.provider ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        action: rule.action,
        dryRun: rule.dryRun,
        ...(rule.provider !== undefined ? { provider: rule.provider } : {}),
        ...(rule.providerFailOpen !== undefined ? { providerFailOpen: rule.providerFailOpen } : {}),
        rules: [],
      };
      groups.set(key, group);
    }
    group.rules.push(rule);
  }
  return [...groups.entries()].sort(([a], [b]) => compare(a, b)).map(([, g]) => g);
}

const ACTION_ORDER: readonly PolicyAction[] = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];

/**
 * Istio `rules[]` for one group, merged and ordered so that the output does not depend on the
 * order of the calls: rules with the same operation and conditions become one rule whose
 * sources are the union; every list is sorted, and rules are sorted by their content.
 */
export function mergeRules(trustDomain: string, service: ServiceModel, rules: readonly AccessRuleModel[]): AuthorizationRule[] {
  const byTarget = new Map<string, { operation?: AuthorizationOperation; when: AuthorizationCondition[]; sources: SourceModel[] }>();
  for (const rule of rules) {
    const operation = operationOf(service, rule);
    const when = conditionsOf(rule);
    const key = JSON.stringify({ operation: operation ?? {}, when });
    let entry = byTarget.get(key);
    if (!entry) {
      entry = { operation, when, sources: [] };
      byTarget.set(key, entry);
    }
    entry.sources.push(...rule.sources);
  }
  return [...byTarget.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, { operation, when, sources }]) => {
      const from = fromOf(trustDomain, sources);
      return {
        ...(from ? { from } : {}),
        ...(operation ? { to: [{ operation }] } : {}),
        ...(when.length ? { when } : {}),
      };
    });
}

/**
 * `from` entries for a union of sources: principals, namespaces and IP blocks each become one
 * entry (entries are alternatives; fields inside one entry would all have to hold). Undefined
 * when any source is "anyone", which matches every request.
 */
function fromOf(trustDomain: string, sources: readonly SourceModel[]): { source: AuthorizationSource }[] | undefined {
  if (sources.some((s) => s.anyone)) return undefined;
  const principals = sources.some((s) => s.anyAuthenticated) ? ['*'] : sortedUnique(sources.flatMap((s) => s.identities).map((i) => principal(trustDomain, i)));
  const namespaces = sortedUnique(sources.flatMap((s) => s.namespaces));
  const ipBlocks = sortedUnique(sources.flatMap((s) => s.ipBlocks));
  return [
    ...(principals.length ? [{ source: { principals } }] : []),
    ...(namespaces.length ? [{ source: { namespaces } }] : []),
    ...(ipBlocks.length ? [{ source: { ipBlocks } }] : []),
  ];
}

/**
 * The `to.operation` of one rule, or undefined when it places no condition. Ports are rendered
 * as the container (target) ports: Istio matches the port the workload receives on.
 */
export function operationOf(service: ServiceModel, rule: AccessRuleModel): AuthorizationOperation | undefined {
  const ports = sortedUnique(rule.ports.map((p) => service.ports.find((sp) => sp.port === p)?.targetPort ?? p), (a, b) => a - b).map(String);
  const hosts = sortedUnique(rule.hosts);
  const methods = sortedUnique(rule.methods);
  const paths = sortedUnique(rule.paths);
  const notPaths = sortedUnique(rule.notPaths);
  if (ports.length + hosts.length + methods.length + paths.length + notPaths.length === 0) return undefined;
  return {
    ...(hosts.length ? { hosts } : {}),
    ...(ports.length ? { ports } : {}),
    ...(methods.length ? { methods } : {}),
    ...(paths.length ? { paths } : {}),
    ...(notPaths.length ? { notPaths } : {}),
  };
}

/** `when` conditions: the end user's (principal, audiences, claims), then the explicit ones, sorted by key. */
export function conditionsOf(rule: AccessRuleModel): AuthorizationCondition[] {
  const all = [...endUserConditions(rule.endUser), ...rule.conditions.map((c) => ({
    key: c.key,
    ...(c.values.length ? { values: sortedUnique(c.values) } : {}),
    ...(c.notValues.length ? { notValues: sortedUnique(c.notValues) } : {}),
  }))];
  return all.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

function endUserConditions(user: EndUserModel | undefined): AuthorizationCondition[] {
  if (!user) return [];
  const out: AuthorizationCondition[] = [{ key: 'request.auth.principal', values: [`${user.issuer.issuer}/${user.subject ?? '*'}`] }];
  if (user.audiences.length) out.push({ key: 'request.auth.audiences', values: sortedUnique(user.audiences) });
  for (const claim of user.claims) out.push({ key: `request.auth.claims${claim.path.map((p) => `[${p}]`).join('')}`, values: sortedUnique(claim.values) });
  return out;
}

function sortedUnique<T>(values: readonly T[], order: (a: T, b: T) => number = compare as never): T[] {
  return [...new Set(values)].sort(order);
}

/** Locale-independent string order, so output never depends on the machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
