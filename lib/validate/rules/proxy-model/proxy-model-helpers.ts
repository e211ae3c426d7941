// SPDX-License-Identifier: Apache-2.0
import { ZTUNNEL_WHEN } from '../../../analyze/authz/hop-translation';
import { arrayOf, objectOf } from '../../../analyze/manifest-object';

const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const L7_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals', 'remoteIpBlocks', 'notRemoteIpBlocks'];

/** The L7 attributes one AuthorizationPolicy rule uses, as `field` names (empty: an L4 rule). */
export function l7Attributes(rule: unknown): string[] {
  const r = objectOf(rule);
  const found = new Set<string>();
  for (const to of arrayOf(r.to)) {
    const op = objectOf(objectOf(to).operation);
    for (const f of L7_OPERATION_FIELDS) if (arrayOf(op[f]).length > 0) found.add(`to.operation.${f}`);
  }
  for (const from of arrayOf(r.from)) {
    const src = objectOf(objectOf(from).source);
    for (const f of L7_SOURCE_FIELDS) if (arrayOf(src[f]).length > 0) found.add(`from.source.${f}`);
  }
  for (const w of arrayOf(r.when)) {
    const key = String(objectOf(w).key ?? '');
    if (!ZTUNNEL_WHEN.has(key)) found.add(`when ${key}`);
  }
  return [...found].sort();
}

/** The action of an AuthorizationPolicy (`ALLOW` when unset). */
export function actionOf(spec: Record<string, unknown>): string {
  return typeof spec.action === 'string' ? spec.action : 'ALLOW';
}

/** Whether the policy is in dry-run (`istio.io/dry-run: "true"`), which ztunnel does not enforce. */
export function isDryRun(annotations: Readonly<Record<string, string>>): boolean {
  return annotations['istio.io/dry-run'] === 'true';
}
