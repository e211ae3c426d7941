// SPDX-License-Identifier: Apache-2.0
import type { AuthorizationOperation, AuthorizationRule } from './manifest';
import { identityKey, principal } from '../model/identity';
import type { AccessRuleModel, IdentityModel, ServiceModel } from '../model/mesh-model';

/**
 * Turns a service's access rules into Istio `rules[]` for an ALLOW policy, merged and
 * ordered so that the output does not depend on the order of the `allowFrom` calls:
 * rules with the same operation are merged into one rule whose principals are the union;
 * principals, methods, paths and ports are sorted, rules are sorted by their operation.
 */
export function mergeAllowRules(trustDomain: string, service: ServiceModel): AuthorizationRule[] {
  const byOperation = new Map<string, { operation: AuthorizationOperation | undefined; identities: Map<string, IdentityModel> }>();
  for (const rule of service.access) {
    const operation = operationOf(service, rule);
    const key = JSON.stringify(operation ?? {});
    let entry = byOperation.get(key);
    if (!entry) {
      entry = { operation, identities: new Map() };
      byOperation.set(key, entry);
    }
    for (const peer of rule.peers) {
      for (const identity of peer.identities) entry.identities.set(identityKey(identity), identity);
    }
  }
  return [...byOperation.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, { operation, identities }]) => {
      const principals = [...identities.values()].map((i) => principal(trustDomain, i)).sort(compare);
      const rule: AuthorizationRule = {
        from: [{ source: { principals } }],
        ...(operation ? { to: [{ operation }] } : {}),
      };
      return rule;
    });
}

/**
 * The `to.operation` of one access rule, or undefined when it places no condition.
 * Ports are rendered as the container (target) ports: Istio matches the port the
 * workload receives on, not the Service port.
 */
export function operationOf(service: ServiceModel, rule: AccessRuleModel): AuthorizationOperation | undefined {
  const ports = rule.ports
    .map((p) => service.ports.find((sp) => sp.port === p)?.targetPort ?? p)
    .filter((p, i, all) => all.indexOf(p) === i)
    .sort((a, b) => a - b)
    .map(String);
  const methods = [...new Set(rule.methods)].sort(compare);
  const paths = [...new Set(rule.paths)].sort(compare);
  if (ports.length + methods.length + paths.length === 0) return undefined;
  return {
    ...(ports.length ? { ports } : {}),
    ...(methods.length ? { methods } : {}),
    ...(paths.length ? { paths } : {}),
  };
}

/** Locale-independent string order, so output never depends on the machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
