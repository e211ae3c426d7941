// SPDX-License-Identifier: Apache-2.0
/**
 * The decision at one Istio enforcement point (semantics §b2, §b9 `evalHop`): CUSTOM, then
 * DENY, then ALLOW; no ALLOW policy means allow, at least one means only a match allows; an
 * ALLOW without rules counts as attached and never matches (allow-nothing). AUDIT and dry-run
 * policies are evaluated into notes only. ztunnel enforces neither CUSTOM, AUDIT nor dry-run
 * (§b6); proxyless gRPC drops CUSTOM, AUDIT and dry-run (§b7).
 */
import { actualOf, fieldHolds, type Flavor, type HopView } from './field-matcher';
import { type ChainProtocol, type EffectiveMatch, type EffectiveRule, type TranslatedPolicy, translatePolicy } from './hop-translation';
import { type AuthorizationPolicyModel, type FieldMatch, ruleName } from './policy-model';

/** What the engine knows of MeshConfig `extensionProviders`. */
export interface ExtensionProviders {
  /** Provider names, or undefined when the manifests carry no mesh config (every name is assumed to resolve). */
  readonly names?: ReadonlySet<string>;
  /** Providers with only an HTTP ext_authz service (`envoyExtAuthzHttp`): ignored on TCP chains. */
  readonly httpOnly: ReadonlySet<string>;
}

/** Options of one evaluation. */
export interface HopOptions {
  readonly flavor: Flavor;
  readonly protocol: ChainProtocol;
  /** What the external authorizer answers (unknown offline). */
  readonly customVerdict: 'ALLOW' | 'DENY';
  readonly providers: ExtensionProviders;
}

/** The outcome at one point. */
export interface HopOutcome {
  readonly decision: 'ALLOW' | 'DENY';
  readonly policy?: string;
  readonly rule?: string;
  readonly reason: string;
  readonly notes: string[];
}

/** Evaluates the policies attached at one point against the request as the point sees it. */
export function evaluateHop(policies: readonly AuthorizationPolicyModel[], view: HopView, options: HopOptions): HopOutcome {
  const notes: string[] = [];
  const custom: TranslatedPolicy[] = [];
  const deny: TranslatedPolicy[] = [];
  const allow: TranslatedPolicy[] = [];
  const shadow: TranslatedPolicy[] = [];
  const audit: TranslatedPolicy[] = [];
  for (const p of policies) {
    if (options.flavor !== 'envoy' && (p.action === 'CUSTOM' || p.action === 'AUDIT')) {
      notes.push(`${p.id} (${p.action}) ignored: ${options.flavor === 'ztunnel' ? 'ztunnel does not support the action (b6)' : 'proxyless gRPC drops it (b7)'}`);
      continue;
    }
    if (options.flavor !== 'envoy' && p.dryRun) {
      notes.push(`${p.id} (dry-run ${p.action}) ignored: ${options.flavor === 'ztunnel' ? 'dry-run policies are not sent to ztunnel by default (b6)' : 'proxyless gRPC has no shadow rules (b7)'}`);
      continue;
    }
    const t = translatePolicy(p, options.flavor, options.protocol);
    notes.push(...t.notes);
    if (!t.attached) continue;
    if (p.action === 'CUSTOM') {
      if (p.dryRun) notes.push(`${p.id} is dry-run, but a CUSTOM policy still triggers the ext_authz call (b2)`);
      custom.push(t);
    } else if (p.action === 'AUDIT') audit.push(t);
    else if (p.dryRun) shadow.push(t);
    else if (p.action === 'DENY') deny.push(t);
    else allow.push(t);
  }

  const outcome = decide(custom, deny, allow, view, options, notes);
  for (const t of audit) {
    const hit = firstMatch(t, view);
    if (hit) notes.push(`AUDIT ${t.policy.id} rule ${hit.index} matched: the request is flagged for audit (never decides)`);
  }
  for (const t of shadow.filter((s) => s.policy.action === 'DENY')) {
    const hit = firstMatch(t, view);
    if (hit) notes.push(`dry-run DENY ${t.policy.id} rule ${hit.index} would deny (not enforced)`);
  }
  const shadowAllow = shadow.filter((s) => s.policy.action === 'ALLOW');
  if (shadowAllow.length > 0) {
    const hit = shadowAllow.map((t) => ({ t, r: firstMatch(t, view) })).find((x) => x.r);
    notes.push(hit ? `dry-run ALLOW ${hit.t.policy.id} rule ${hit.r!.index} would allow (not enforced)` : `dry-run ALLOW policies (${shadowAllow.map((s) => s.policy.id).join(', ')}) would deny: none matches (not enforced)`);
  }
  return { ...outcome, notes: [...outcome.notes, ...notes] };
}

function decide(custom: readonly TranslatedPolicy[], deny: readonly TranslatedPolicy[], allow: readonly TranslatedPolicy[], view: HopView, options: HopOptions, notes: string[]): HopOutcome {
  const providers = [...new Set(custom.map((t) => t.policy.provider ?? ''))].sort();
  for (const t of custom) {
    const hit = firstMatch(t, view);
    if (!hit) continue;
    const provider = t.policy.provider ?? '';
    const id = { policy: t.policy.id, rule: ruleName(t.policy.namespace, t.policy.name, hit.index) };
    if (providers.length > 1) {
      return { decision: 'DENY', ...id, reason: `denied by ${t.policy.id} rule ${hit.index}: several ext_authz providers (${providers.join(', ')}) on one workload make Istio generate deny rules (b2)`, notes: [] };
    }
    if (options.providers.names !== undefined && !options.providers.names.has(provider)) {
      return { decision: 'DENY', ...id, reason: `denied by ${t.policy.id} rule ${hit.index}: provider "${provider}" is not in MeshConfig extensionProviders, so Istio generates deny rules (b2)`, notes: [] };
    }
    if (options.protocol === 'TCP' && options.providers.httpOnly.has(provider)) {
      notes.push(`${t.policy.id} (CUSTOM) ignored on this TCP port: provider "${provider}" is an HTTP ext_authz service`);
      break;
    }
    if (options.customVerdict === 'DENY') {
      return { decision: 'DENY', ...id, reason: `denied by ${t.policy.id} rule ${hit.index}: the external authorizer "${provider}" decides, assumed DENY (customVerdict)`, notes: [] };
    }
    notes.push(`CUSTOM ${t.policy.id} rule ${hit.index} matched: the external authorizer "${provider}" decides, assumed ALLOW (customVerdict)`);
    break;
  }
  for (const t of deny) {
    const hit = firstMatch(t, view);
    if (hit) {
      // Say what the request lacked when the rule denies requests without an end-user token.
      const needsToken = !view.jwt && JSON.stringify(t.policy.rules[hit.index] ?? {}).includes('notRequestPrincipals');
      const why = needsToken ? ': the request carries no end-user token this point validated, and the rule denies requests without one' : '';
      return { decision: 'DENY', policy: t.policy.id, rule: ruleName(t.policy.namespace, t.policy.name, hit.index), reason: `denied by ${t.policy.id} rule ${hit.index}${why}`, notes: [] };
    }
  }
  if (allow.length === 0) return { decision: 'ALLOW', reason: 'no ALLOW policy applies, so the request is allowed', notes: [] };
  for (const t of allow) {
    const hit = firstMatch(t, view);
    if (hit) return { decision: 'ALLOW', policy: t.policy.id, rule: ruleName(t.policy.namespace, t.policy.name, hit.index), reason: `allowed by ${t.policy.id} rule ${hit.index}`, notes: [] };
  }
  return { decision: 'DENY', reason: whyNoAllow(allow, view), notes: [] };
}

/** The first rule of the policy that matches (a policy without rules never matches). */
export function firstMatch(t: TranslatedPolicy, view: HopView): EffectiveRule | undefined {
  return t.rules.find((r) => ruleMismatches(r, view, true).length === 0);
}

/**
 * Why a rule does not match: one phrase per failing field (for alternatives, those of the
 * closest one). Empty when it matches. `quick` stops at the first failure.
 */
export function ruleMismatches(rule: EffectiveRule, view: HopView, quick = false): string[] {
  if (rule.never !== undefined) return [`never matches here (${rule.never})`];
  const out: string[] = [];
  for (const clause of [rule.from, rule.to]) {
    if (!clause) continue;
    let best: string[] | undefined;
    for (const m of clause) {
      const miss = matchMismatches(m, view, quick);
      if (miss.length === 0) {
        best = [];
        break;
      }
      if (!best || miss.length < best.length) best = miss;
    }
    out.push(...(best ?? []));
    if (quick && out.length > 0) return out;
  }
  for (const f of rule.when) {
    if (!fieldHolds(f, view)) {
      out.push(describe(f, view));
      if (quick) return out;
    }
  }
  return out;
}

function matchMismatches(m: EffectiveMatch, view: HopView, quick: boolean): string[] {
  if (m.never) return ['an empty match, which ztunnel skips (b6)'];
  const out: string[] = [];
  for (const f of m.fields) {
    if (!fieldHolds(f, view)) {
      out.push(describe(f, view));
      if (quick) break;
    }
  }
  return out;
}

/** `needs methods [GET, POST] (got DELETE)`. */
export function describe(f: FieldMatch, view: HopView): string {
  return `needs ${f.field} [${f.values.join(', ')}] (got ${actualOf(f, view)})`;
}

function whyNoAllow(allow: readonly TranslatedPolicy[], view: HopView): string {
  let closest: { t: TranslatedPolicy; rule: EffectiveRule; miss: string[] } | undefined;
  for (const t of allow) {
    for (const rule of t.rules) {
      const miss = ruleMismatches(rule, view);
      if (!closest || miss.length < closest.miss.length) closest = { t, rule, miss };
    }
  }
  if (!closest) {
    const what = allow.map((t) => (t.policy.rules.length === 0 ? `${t.policy.id} has no rules (allow-nothing)` : `every rule of ${t.policy.id} is dropped here`));
    return `ALLOW policies apply but none can match: ${what.join('; ')}`;
  }
  const more = closest.miss.length > 1 ? ` (and ${closest.miss.length - 1} more mismatch${closest.miss.length > 2 ? 'es' : ''})` : '';
  return `no ALLOW policy matched; closest: ${closest.t.policy.id} rule ${closest.rule.index} ${closest.miss[0]}${more}`;
}
