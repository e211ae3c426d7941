// SPDX-License-Identifier: Apache-2.0
/**
 * How an enforcement point reshapes a policy before evaluating it:
 * - Envoy on a TCP filter chain (semantics §b4): an HTTP-only field, or a value that does not
 *   parse (bad IP or port, on any chain), drops the whole ALLOW rule, including its other `from`
 *   and `to` alternatives (istio/istio#37920); in DENY, AUDIT and CUSTOM only the offending
 *   values go, so the rule gets wider. An unknown `when` key skips the rule for every action.
 * - ztunnel (§b6, ambient/authorization.go `handleRule`): an ALLOW rule with any L7 attribute is
 *   omitted; in DENY the L7 parts are stripped, a match left empty never matches, and an L7
 *   `when` condition leaves a clause that never matches (the DENY becomes a no-op).
 * - proxyless gRPC (§b7): always HTTP; an ALLOW policy without rules adds no filter.
 * Results are memoized per policy, point flavor and protocol.
 */
import type { Flavor } from './field-matcher';
import { parseIpBlock } from './ip-match';
import { HTTP_ONLY, PARSED, type AuthorizationPolicyModel, type FieldMatch, type MatchModel, type RuleModel } from './policy-model';

/** The port's protocol as the point's filter chain sees it. */
export type ChainProtocol = 'HTTP' | 'TCP';

/** A match after translation. */
export interface EffectiveMatch {
  readonly fields: readonly FieldMatch[];
  /** ztunnel: the match has no field left and is skipped. */
  readonly never?: boolean;
}

/** A rule after translation. */
export interface EffectiveRule {
  readonly index: number;
  readonly from?: readonly EffectiveMatch[];
  readonly to?: readonly EffectiveMatch[];
  readonly when: readonly FieldMatch[];
  /** Why the rule can never match at this point (ztunnel: an L7 `when` in a DENY). */
  readonly never?: string;
}

/** A policy as one point enforces it. */
export interface TranslatedPolicy {
  readonly policy: AuthorizationPolicyModel;
  readonly rules: readonly EffectiveRule[];
  /** What the translation changed, one sentence each. */
  readonly notes: readonly string[];
  /** False when the point does not install the policy at all (proxyless allow-nothing). */
  readonly attached: boolean;
}

/** Attributes ztunnel enforces (ambient/authorization.go): the rest is L7. */
const ZTUNNEL_FIELDS = new Set(['source.ip', 'source.namespace', 'source.principal', 'source.serviceAccount', 'destination.port', 'destination.ip']);
/** `when` keys ztunnel enforces (`l4WhenAttributes`). */
export const ZTUNNEL_WHEN: ReadonlySet<string> = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

const memo = new WeakMap<AuthorizationPolicyModel, Map<string, TranslatedPolicy>>();

/** The policy as a point of `flavor` enforces it on a `protocol` filter chain. */
export function translatePolicy(policy: AuthorizationPolicyModel, flavor: Flavor, protocol: ChainProtocol): TranslatedPolicy {
  const key = `${flavor}|${protocol}`;
  let byKey = memo.get(policy);
  if (!byKey) memo.set(policy, (byKey = new Map()));
  let t = byKey.get(key);
  if (!t) byKey.set(key, (t = flavor === 'ztunnel' ? forZtunnel(policy) : forEnvoy(policy, flavor === 'proxyless' ? 'HTTP' : protocol, flavor)));
  return t;
}

function forEnvoy(policy: AuthorizationPolicyModel, protocol: ChainProtocol, flavor: Flavor): TranslatedPolicy {
  const notes: string[] = [];
  if (flavor === 'proxyless' && policy.action === 'ALLOW' && policy.rules.length === 0) {
    notes.push(`${policy.id} has no rules: proxyless gRPC adds no filter for it, so it does not deny (b7)`);
    return { policy, rules: [], notes, attached: false };
  }
  const rules: EffectiveRule[] = [];
  for (const rule of policy.rules) {
    if (rule.invalid !== undefined) {
      notes.push(`${policy.id} rule ${rule.index} skipped: ${rule.invalid} (b4)`);
      continue;
    }
    const problems: string[] = [];
    const fix = (f: FieldMatch): FieldMatch | undefined => {
      if (protocol === 'TCP' && HTTP_ONLY.has(f.attribute)) {
        problems.push(`${f.field} is HTTP only`);
        return undefined;
      }
      if (!PARSED.has(f.attribute)) return f;
      const good = f.values.filter((v) => parses(f, v));
      if (good.length < f.values.length) problems.push(`${f.field} has values that do not parse (${f.values.filter((v) => !parses(f, v)).join(', ')})`);
      return good.length === 0 ? undefined : good.length === f.values.length ? f : { ...f, values: good };
    };
    const translated = mapRule(rule, fix);
    if (problems.length === 0) {
      rules.push(translated);
    } else if (policy.action === 'ALLOW') {
      notes.push(`${policy.id} rule ${rule.index} dropped${protocol === 'TCP' ? ' on this TCP port' : ''}: ${unique(problems).join('; ')} (b4)`);
    } else {
      notes.push(`${policy.id} rule ${rule.index} widened${protocol === 'TCP' ? ' on this TCP port' : ''}: ${unique(problems).join('; ')}, so those constraints are ignored (b4)`);
      rules.push(translated);
    }
  }
  return { policy, rules, notes, attached: true };
}

function forZtunnel(policy: AuthorizationPolicyModel): TranslatedPolicy {
  const notes: string[] = [];
  const rules: EffectiveRule[] = [];
  for (const rule of policy.rules) {
    const l7: string[] = [];
    const fix = (f: FieldMatch): FieldMatch | undefined => {
      const enforced = f.when ? ZTUNNEL_WHEN.has(f.attribute) : ZTUNNEL_FIELDS.has(f.attribute);
      if (!enforced) {
        if (f.attribute !== 'source.trustDomain' || f.when) l7.push(f.field);
        return undefined;
      }
      if (!PARSED.has(f.attribute)) return f;
      const good = f.values.filter((v) => parses(f, v));
      return good.length === 0 ? undefined : { ...f, values: good };
    };
    if (rule.invalid !== undefined) l7.push(rule.invalid);
    const translated = mapRule(rule, fix);
    if (policy.action === 'ALLOW') {
      if (l7.length > 0) {
        notes.push(`${policy.id} rule ${rule.index} omitted: ztunnel does not enforce L7 attributes (${unique(l7).join(', ')}) and drops the ALLOW rule (b6)`);
        continue;
      }
      rules.push(markEmpty(translated));
      continue;
    }
    const whenL7 = rule.when.some((w) => !ZTUNNEL_WHEN.has(w.attribute)) || rule.invalid !== undefined;
    if (whenL7) {
      notes.push(`${policy.id} rule ${rule.index} never matches at ztunnel: its L7 when condition leaves an empty clause (b6)`);
      rules.push({ ...markEmpty(translated), never: 'an L7 when condition that ztunnel reduces to an empty clause' });
      continue;
    }
    const marked = markEmpty(translated);
    const emptied = [marked.from, marked.to].some((c) => c !== undefined && c.every((m) => m.never === true));
    if (l7.length > 0) {
      notes.push(`${policy.id} rule ${rule.index}: ztunnel strips the L7 attributes (${unique(l7).join(', ')})${emptied ? ', leaving a clause that never matches, so the rule is a no-op here' : ''} (b6)`);
    }
    rules.push(marked);
  }
  return { policy, rules, notes, attached: true };
}

/** ztunnel skips a match without any field (`mg.is_empty()`). */
function markEmpty(rule: EffectiveRule): EffectiveRule {
  const mark = (ms: readonly EffectiveMatch[] | undefined) => ms?.map((m) => (m.fields.length === 0 ? { ...m, never: true } : m));
  return { ...rule, ...(rule.from ? { from: mark(rule.from) } : {}), ...(rule.to ? { to: mark(rule.to) } : {}) };
}

function mapRule(rule: RuleModel, fix: (f: FieldMatch) => FieldMatch | undefined): EffectiveRule {
  const mapMatch = (m: MatchModel): EffectiveMatch => ({ fields: m.fields.flatMap((f) => fix(f) ?? []) });
  return {
    index: rule.index,
    ...(rule.from ? { from: rule.from.map(mapMatch) } : {}),
    ...(rule.to ? { to: rule.to.map(mapMatch) } : {}),
    when: rule.when.flatMap((f) => fix(f) ?? []),
  };
}

function parses(f: FieldMatch, v: string): boolean {
  if (f.attribute === 'destination.port') return /^\d{1,5}$/.test(v) && Number(v) <= 65535;
  return parseIpBlock(v) !== undefined;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
