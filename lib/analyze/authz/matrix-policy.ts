// SPDX-License-Identifier: Apache-2.0
/**
 * AuthorizationPolicy rules as the access matrix reads them: which sources a rule can match
 * (the rows it may grant to), and the operations and conditions probes are built from. The
 * matrix never decides from these: it only chooses what to ask the engine (semantics §b3).
 */
import type { InventoryEntry } from '../manifest-object';
import { arrayOf, objectOf } from '../manifest-object';

/** The row of any authenticated peer. */
export const ANY_PEER = '*';
/** The row of peers without a mesh identity. */
export const PLAINTEXT = 'plaintext';

/** A string field with its positive and negative values (§b3: `values` / `notValues`). */
export interface ValueMatch {
  readonly values: readonly string[];
  readonly notValues: readonly string[];
}

/** One `when` condition. */
export interface WhenCondition extends ValueMatch {
  readonly key: string;
}

/** One `from[].source` alternative, with the matrix rows it can match. */
export interface SourceClause {
  readonly source: Readonly<Record<string, unknown>>;
  /** Row principals (`<td>/ns/<ns>/sa/<sa>`, a pattern, `*`, `plaintext`). */
  readonly keys: readonly string[];
}

/** One rule of one policy. */
export interface PolicyRule {
  readonly policy: InventoryEntry;
  readonly action: string;
  /** `ns[<ns>]-policy[<name>]-rule[<i>]`. */
  readonly name: string;
  /** Absent `from`: any source (one clause with an empty source). */
  readonly from: readonly SourceClause[];
  /** Absent `to`: one empty operation. */
  readonly to: readonly Readonly<Record<string, unknown>>[];
  readonly when: readonly WhenCondition[];
}

/** Reads `values`/`notValues` style fields of a source, operation or condition. */
export function valueMatch(object: Readonly<Record<string, unknown>>, field: string, notField: string): ValueMatch {
  return { values: strings(object[field]), notValues: strings(object[notField]) };
}

/** Non-empty strings of a YAML value (anything else is ignored). */
export function strings(value: unknown): string[] {
  return arrayOf(value).flatMap((v) => (typeof v === 'number' ? [String(v)] : typeof v === 'string' && v !== '' ? [v] : []));
}

/** The action of a policy, upper-case (`ALLOW` when unset, as Istio defaults it). */
export function actionOf(policy: InventoryEntry): string {
  const a = objectOf(policy.object.spec).action;
  return typeof a === 'string' && a !== '' ? a.toUpperCase() : 'ALLOW';
}

/** Whether the policy is a dry-run policy (`istio.io/dry-run: "true"`, §b2). */
export function isDryRun(policy: InventoryEntry): boolean {
  return String(policy.object.metadata?.annotations?.['istio.io/dry-run'] ?? '').toLowerCase() === 'true';
}

/**
 * The rules of a policy, each with the matrix rows its sources can match. `trustDomain`
 * fills in `namespaces` and `serviceAccounts`, which name no trust domain.
 */
export function readRules(policy: InventoryEntry, trustDomain: string): PolicyRule[] {
  const spec = objectOf(policy.object.spec);
  const ns = policy.ref.namespace ?? 'default';
  const action = actionOf(policy);
  return arrayOf(spec.rules).map((r, i) => {
    const rule = objectOf(r);
    const when = arrayOf(rule.when).map(objectOf).map((w) => ({ key: String(w.key ?? ''), ...valueMatch(w, 'values', 'notValues') }));
    const sources = rule.from === undefined ? [{}] : arrayOf(rule.from).map((f) => objectOf(objectOf(f).source));
    const whenKeys = keysOfWhen(when, trustDomain);
    const from = sources.map((source) => ({ source, keys: narrow(keysOfSource(source, ns, trustDomain), whenKeys) }));
    const to = rule.to === undefined ? [{}] : arrayOf(rule.to).map((t) => objectOf(objectOf(t).operation));
    return { policy, action, name: `ns[${ns}]-policy[${policy.ref.name}]-rule[${i}]`, from, to, when };
  });
}

/**
 * The rows a source can match, most specific field first: `serviceAccounts`, `principals`,
 * `namespaces`, `trustDomains`. A source without any positive mTLS-only field also matches
 * plaintext peers (§b3, ISTIO-SECURITY-2021-004).
 */
export function keysOfSource(source: Readonly<Record<string, unknown>>, policyNamespace: string, trustDomain: string): string[] {
  const accounts = strings(source.serviceAccounts);
  if (accounts.length > 0) {
    return unique(accounts.map((a) => (a.includes('/') ? `${trustDomain}/ns/${a.slice(0, a.indexOf('/'))}/sa/${a.slice(a.indexOf('/') + 1)}` : `${trustDomain}/ns/${policyNamespace}/sa/${a}`)));
  }
  const principals = strings(source.principals);
  if (principals.length > 0) return unique(principals.map((p) => principalKey(p, trustDomain)));
  const namespaces = strings(source.namespaces);
  if (namespaces.length > 0) return unique(namespaces.map((n) => (n === '*' ? ANY_PEER : namespaceKey(n, trustDomain))));
  const domains = strings(source.trustDomains);
  if (domains.length > 0) return unique(domains.map((d) => (d === '*' ? ANY_PEER : `${d}/ns/*/sa/*`)));
  return [ANY_PEER, PLAINTEXT];
}

/** The row of every identity in namespace `ns`. */
export function namespaceKey(ns: string, trustDomain: string): string {
  return `${trustDomain}/ns/${ns}/sa/*`;
}

/**
 * The row of a principal value: `spiffe://` stripped, `cluster.local` read as the mesh's
 * trust domain (§b3: it points at the current trust domain), `<td>/ns/<ns>/*` read as the
 * namespace row, `*` as any peer.
 */
export function principalKey(value: string, trustDomain: string): string {
  let p = value.startsWith('spiffe://') ? value.slice('spiffe://'.length) : value;
  if (p === '*') return ANY_PEER;
  if (p.startsWith('cluster.local/')) p = `${trustDomain}${p.slice('cluster.local'.length)}`;
  const ns = /^([^/*]+)\/ns\/([^/*]+)\/(sa\/)?\*$/.exec(p);
  return ns ? namespaceKey(ns[2], ns[1]) : p;
}

/** Rows named by `when` keys `source.principal` / `source.namespace` (undefined when none). */
function keysOfWhen(when: readonly WhenCondition[], trustDomain: string): string[] | undefined {
  const keys: string[] = [];
  for (const w of when) {
    if (w.key === 'source.principal') keys.push(...w.values.map((v) => principalKey(v, trustDomain)));
    else if (w.key === 'source.namespace') keys.push(...w.values.map((v) => (v === '*' ? ANY_PEER : namespaceKey(v, trustDomain))));
  }
  return keys.length > 0 ? unique(keys) : undefined;
}

/** A `when` on the source identity narrows a source that matched anyone. */
function narrow(keys: string[], whenKeys: string[] | undefined): string[] {
  if (!whenKeys) return keys;
  return keys.includes(ANY_PEER) ? whenKeys : keys;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/**
 * Istio's string match (§b3 `StringMatcherWithPrefix`): exact, `p*` prefix, `*s` suffix,
 * `*` presence. Path templates (`{*}`, `{**}`) when `template` is set.
 */
export function istioMatch(pattern: string, value: string, template = false): boolean {
  if (template && pattern.includes('{')) return templateRegex(pattern).test(value);
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

/** Whether `value` satisfies a values/notValues pair (§b3). */
export function satisfies(m: ValueMatch, value: string, template = false): boolean {
  return (m.values.length === 0 || m.values.some((p) => istioMatch(p, value, template)))
    && !m.notValues.some((p) => istioMatch(p, value, template));
}

const TEMPLATES = new Map<string, RegExp>();

function templateRegex(pattern: string): RegExp {
  let re = TEMPLATES.get(pattern);
  if (!re) {
    const body = pattern.split(/(\{\*\*\}|\{\*\})/).map((part) => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`);
    TEMPLATES.set(pattern, re);
  }
  return re;
}
