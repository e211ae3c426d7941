// SPDX-License-Identifier: Apache-2.0
/**
 * The authorization engine's normalized view of Istio security policies: what
 * `AuthorizationPolicy`, `RequestAuthentication` and `PeerAuthentication` say, read once from
 * the inventory and never from YAML again. Field names stay the API's, so reasons can quote
 * them (`principals`, `notPaths`, `when request.headers[x-user]`).
 */
import type { InventoryEntry } from '../manifest-object';

/** An AuthorizationPolicy action (semantics §b2). */
export type PolicyAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** The request attribute a field reads (semantics §b3, attribute table). */
export type Attribute =
  | 'source.principal' | 'source.namespace' | 'source.serviceAccount' | 'source.trustDomain'
  | 'source.ip' | 'remote.ip'
  | 'request.auth.principal' | 'request.auth.audiences' | 'request.auth.presenter' | 'request.auth.claims'
  | 'request.headers' | 'host' | 'method' | 'path'
  | 'destination.port' | 'destination.ip' | 'connection.sni' | 'experimental';

/** Attributes that exist only on HTTP filter chains (`"<key>" is HTTP only`, semantics §b4). */
export const HTTP_ONLY: ReadonlySet<Attribute> = new Set<Attribute>([
  'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'request.auth.claims',
  'request.headers', 'host', 'method', 'path',
]);

/** Attributes read from the peer certificate: never present for a plaintext peer (semantics §b3). */
export const MTLS_ONLY: ReadonlySet<Attribute> = new Set<Attribute>(['source.principal', 'source.namespace', 'source.serviceAccount', 'source.trustDomain']);

/** Attributes whose values must parse (IP blocks, ports); a bad value is dropped or drops the rule (semantics §b4). */
export const PARSED: ReadonlySet<Attribute> = new Set<Attribute>(['source.ip', 'remote.ip', 'destination.ip', 'destination.port']);

/** One constrained attribute: `values` (any must match) or, when `negated`, `notValues` (none may match). */
export interface FieldMatch {
  /** The API field for messages: `principals`, `notPaths`, `when request.auth.claims[scope]`. */
  readonly field: string;
  readonly attribute: Attribute;
  /** Header name (lower-case), or the claim path, of `request.headers[..]` / `request.auth.claims[..]`. */
  readonly arg?: readonly string[];
  readonly negated: boolean;
  readonly values: readonly string[];
  /** Whether it came from a `when` condition (ztunnel keeps only some `when` keys, semantics §b6). */
  readonly when: boolean;
}

/** A `source` or an `operation`: every field must hold. */
export interface MatchModel {
  readonly fields: readonly FieldMatch[];
}

/** One rule of a policy. */
export interface RuleModel {
  /** Position in `spec.rules`, as in Envoy's `ns[..]-policy[..]-rule[i]`. */
  readonly index: number;
  /** `from[].source`; undefined when `from` is absent or empty (any source). */
  readonly from?: readonly MatchModel[];
  /** `to[].operation`; undefined when `to` is absent or empty (any operation). */
  readonly to?: readonly MatchModel[];
  /** `when[]`, every condition ANDed. */
  readonly when: readonly FieldMatch[];
  /** Why Istio skips the rule for every action (an unknown `when` key makes `model.New` fail, semantics §b4). */
  readonly invalid?: string;
}

/** A `targetRef` / `targetRefs` entry. */
export interface TargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Set only when the reference names a namespace. */
  readonly namespace?: string;
}

/** What policy attachment (semantics §b1) reads of any Istio policy. */
export interface AttachablePolicy {
  readonly entry: InventoryEntry;
  readonly namespace: string;
  readonly name: string;
  /** `<namespace>/<name>`. */
  readonly id: string;
  /** `selector.matchLabels`; undefined when there is no `selector`. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly targetRefs: readonly TargetRef[];
  /** Creation order: `creationTimestamp`, then `namespace/name` (Istio sorts by creation time). */
  readonly order: string;
}

/** A normalized AuthorizationPolicy. */
export interface AuthorizationPolicyModel extends AttachablePolicy {
  readonly action: PolicyAction;
  /** CUSTOM: `provider.name`. */
  readonly provider?: string;
  /** `istio.io/dry-run` parsed as a bool (a parse error means not dry-run, semantics §b2). */
  readonly dryRun: boolean;
  /** `spec.rules` without null entries; empty when missing (never matches: allow-nothing for ALLOW). */
  readonly rules: readonly RuleModel[];
}

/** A `jwtRules` entry of a RequestAuthentication. */
export interface JwtRuleModel {
  readonly issuer: string;
  /** Empty: any audience. */
  readonly audiences: readonly string[];
}

/** A normalized RequestAuthentication. */
export interface RequestAuthenticationModel extends AttachablePolicy {
  readonly jwtRules: readonly JwtRuleModel[];
}

/** `ns[<namespace>]-policy[<name>]-rule[<index>]`, Envoy's RBAC policy name (builder.go `policyName`). */
export function ruleName(namespace: string, name: string, index: number): string {
  return `ns[${namespace}]-policy[${name}]-rule[${index}]`;
}
