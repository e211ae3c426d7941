// SPDX-License-Identifier: Apache-2.0
/**
 * Reads `AuthorizationPolicy` and `RequestAuthentication` objects into the engine's model
 * (semantics §b1–§b3). Never throws: odd YAML reads as Istio would treat it (a null rule is
 * skipped, a missing `rules` never matches, an unknown `when` key invalidates its rule).
 */
import type { InventoryEntry } from '../manifest-object';
import { arrayOf, objectOf, stringMap } from '../manifest-object';
import type { AttachablePolicy, Attribute, AuthorizationPolicyModel, FieldMatch, JwtRuleModel, MatchModel, PolicyAction, RequestAuthenticationModel, RuleModel, TargetRef } from './policy-model';

const ACTIONS = new Set<PolicyAction>(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);

/** A field of `source` or `operation`: its API name, whether it is the `not` form, its attribute. */
type FieldSpec = readonly [string, boolean, Attribute];

/** Both forms of each field (`principals`, `notPrincipals`…). */
function withNotForms(fields: readonly (readonly [string, Attribute])[]): FieldSpec[] {
  return fields.flatMap(([name, attribute]): FieldSpec[] => [[name, false, attribute], [`not${name[0].toUpperCase()}${name.slice(1)}`, true, attribute]]);
}

/** `source` fields. */
const SOURCE_FIELDS = withNotForms([
  ['principals', 'source.principal'], ['requestPrincipals', 'request.auth.principal'], ['namespaces', 'source.namespace'],
  ['serviceAccounts', 'source.serviceAccount'], ['trustDomains', 'source.trustDomain'], ['ipBlocks', 'source.ip'], ['remoteIpBlocks', 'remote.ip'],
]);

/** `operation` fields. */
const OPERATION_FIELDS = withNotForms([['hosts', 'host'], ['ports', 'destination.port'], ['methods', 'method'], ['paths', 'path']]);

/** `when` keys without an argument. */
const WHEN_KEYS: Readonly<Record<string, Attribute>> = {
  'source.ip': 'source.ip', 'remote.ip': 'remote.ip', 'source.namespace': 'source.namespace', 'source.serviceAccount': 'source.serviceAccount',
  'source.principal': 'source.principal', 'source.trustDomain': 'source.trustDomain', 'request.auth.principal': 'request.auth.principal',
  'request.auth.audiences': 'request.auth.audiences', 'request.auth.presenter': 'request.auth.presenter', 'destination.ip': 'destination.ip',
  'destination.port': 'destination.port', 'connection.sni': 'connection.sni',
};

/** Reads one AuthorizationPolicy; undefined for an unknown `action` (admission rejects it, Istio never applies it). */
export function readAuthorizationPolicy(entry: InventoryEntry): AuthorizationPolicyModel | undefined {
  const spec = objectOf(entry.object.spec);
  const action = (typeof spec.action === 'string' && spec.action !== '' ? spec.action : 'ALLOW') as PolicyAction;
  if (!ACTIONS.has(action)) return undefined;
  const base = readAttachable(entry);
  const provider = objectOf(spec.provider).name;
  const dryRun = (stringMap(entry.object.metadata?.annotations)['istio.io/dry-run'] ?? '').trim();
  const rules: RuleModel[] = [];
  arrayOf(spec.rules).forEach((r, index) => {
    if (typeof r === 'object' && r !== null && !Array.isArray(r)) rules.push(readRule(objectOf(r), index, base.namespace));
  });
  return {
    ...base,
    action,
    ...(typeof provider === 'string' ? { provider } : {}),
    dryRun: /^(1|t|T|TRUE|true|True)$/.test(dryRun),
    rules,
  };
}

/** Reads one RequestAuthentication (`jwtRules[].issuer` and `audiences`). */
export function readRequestAuthentication(entry: InventoryEntry): RequestAuthenticationModel {
  const spec = objectOf(entry.object.spec);
  const jwtRules: JwtRuleModel[] = arrayOf(spec.jwtRules).map(objectOf).filter((r) => typeof r.issuer === 'string')
    .map((r) => ({ issuer: r.issuer as string, audiences: strings(r.audiences) }));
  return { ...readAttachable(entry), jwtRules };
}

/** The attachment fields every Istio policy shares (semantics §b1). */
export function readAttachable(entry: InventoryEntry): AttachablePolicy {
  const spec = objectOf(entry.object.spec);
  const namespace = entry.ref.namespace ?? 'default';
  const refs = [...arrayOf(spec.targetRefs), ...(spec.targetRef !== undefined && spec.targetRef !== null ? [spec.targetRef] : [])].map(objectOf);
  const targetRefs: TargetRef[] = refs.map((r) => ({
    group: typeof r.group === 'string' ? r.group : '',
    kind: typeof r.kind === 'string' ? r.kind : '',
    name: typeof r.name === 'string' ? r.name : '',
    ...(typeof r.namespace === 'string' && r.namespace !== '' ? { namespace: r.namespace } : {}),
  }));
  const created = entry.object.metadata && typeof (entry.object.metadata as Record<string, unknown>).creationTimestamp === 'string'
    ? (entry.object.metadata as Record<string, unknown>).creationTimestamp as string : '';
  const selector = spec.selector === undefined || spec.selector === null ? undefined : stringMap(objectOf(spec.selector).matchLabels);
  return {
    entry,
    namespace,
    name: entry.ref.name,
    id: `${namespace}/${entry.ref.name}`,
    ...(selector !== undefined ? { selector } : {}),
    targetRefs,
    order: `${created}\u0000${namespace}/${entry.ref.name}`,
  };
}

function readRule(rule: Record<string, unknown>, index: number, namespace: string): RuleModel {
  const from = arrayOf(rule.from).map((f) => readMatch(objectOf(objectOf(f).source), SOURCE_FIELDS, namespace));
  const to = arrayOf(rule.to).map((t) => readMatch(objectOf(objectOf(t).operation), OPERATION_FIELDS, namespace));
  const when: FieldMatch[] = [];
  let invalid: string | undefined;
  for (const c of arrayOf(rule.when).map(objectOf)) {
    const key = typeof c.key === 'string' ? c.key : '';
    const parsed = parseWhenKey(key);
    if (!parsed) {
      invalid ??= `unknown when key "${key}"`;
      continue;
    }
    const values = strings(c.values);
    const notValues = strings(c.notValues);
    const field = `when ${key}`;
    if (values.length > 0) when.push({ field, ...parsed, negated: false, values, when: true });
    if (notValues.length > 0) when.push({ field: `${field} notValues`, ...parsed, negated: true, values: notValues, when: true });
  }
  return {
    index,
    ...(from.length > 0 ? { from } : {}),
    ...(to.length > 0 ? { to } : {}),
    when,
    ...(invalid !== undefined ? { invalid } : {}),
  };
}

function readMatch(x: Record<string, unknown>, fields: readonly FieldSpec[], namespace: string): MatchModel {
  const out: FieldMatch[] = [];
  for (const [field, negated, attribute] of fields) {
    if (x[field] === undefined) continue;
    let values = strings(x[field]);
    if (values.length === 0) continue;
    // `serviceAccounts: [sa]` means the policy's namespace (semantics §b3).
    if (attribute === 'source.serviceAccount') values = values.map((v) => (v.includes('/') ? v : `${namespace}/${v}`));
    out.push({ field, attribute, negated, values, when: false });
  }
  return { fields: out };
}

/** The attribute of a `when` key, or undefined when Istio does not know it. */
function parseWhenKey(key: string): { attribute: Attribute; arg?: string[] } | undefined {
  const plain = WHEN_KEYS[key];
  if (plain) return { attribute: plain };
  const header = /^request\.(?:experimental\.inline\.)?headers\[([^\]]+)\]$/.exec(key);
  if (header) return { attribute: 'request.headers', arg: [header[1].toLowerCase()] };
  if (key.startsWith('request.auth.claims[')) {
    const path = key.slice('request.auth.claims'.length);
    if (!/^(\[[^\][]+\])+$/.test(path)) return undefined;
    return { attribute: 'request.auth.claims', arg: path.slice(1, -1).split('][') };
  }
  if (key.startsWith('experimental.envoy.filters.')) return { attribute: 'experimental' };
  return undefined;
}

function strings(value: unknown): string[] {
  return arrayOf(value).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}
