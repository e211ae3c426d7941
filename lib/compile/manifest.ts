// SPDX-License-Identifier: Apache-2.0
/**
 * The minimal typed shapes of the objects the compilers emit, exactly the fields emitted
 * (DESIGN.md decision 2). `conform` in CI proves each shape against the real CRDs.
 */

/** Metadata every emitted object carries. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object as the compilers produce it. */
export interface Manifest<TSpec = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: TSpec;
}

/** `security.istio.io/v1` AuthorizationPolicy `spec`. */
export interface AuthorizationPolicySpec {
  readonly selector?: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly targetRefs?: readonly { readonly group: string; readonly kind: string; readonly name: string }[];
  readonly action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
  readonly provider?: { readonly name: string };
  readonly rules?: readonly AuthorizationRule[];
}

/** One `rules[]` entry: every field of a rule must match (AND); lists inside are OR. */
export interface AuthorizationRule {
  readonly from?: readonly { readonly source: AuthorizationSource }[];
  readonly to?: readonly { readonly operation: AuthorizationOperation }[];
  readonly when?: readonly AuthorizationCondition[];
}

/** `rules[].from[].source`. */
export interface AuthorizationSource {
  readonly principals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly ipBlocks?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
}

/** `rules[].to[].operation`. */
export interface AuthorizationOperation {
  readonly hosts?: readonly string[];
  readonly ports?: readonly string[];
  readonly methods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}

/** `rules[].when[]`. */
export interface AuthorizationCondition {
  readonly key: string;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}

/** `security.istio.io/v1` RequestAuthentication `spec`. */
export interface RequestAuthenticationSpec {
  readonly selector?: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly targetRefs?: readonly { readonly group: string; readonly kind: string; readonly name: string }[];
  readonly jwtRules: readonly JwtRule[];
}

/** One `jwtRules[]` entry. */
export interface JwtRule {
  readonly issuer: string;
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly audiences?: readonly string[];
  readonly fromHeaders?: readonly { readonly name: string; readonly prefix?: string }[];
  readonly fromParams?: readonly string[];
  readonly fromCookies?: readonly string[];
  readonly forwardOriginalToken?: boolean;
  readonly outputClaimToHeaders?: readonly { readonly header: string; readonly claim: string }[];
}

/** `security.istio.io/v1` PeerAuthentication `spec`. */
export interface PeerAuthenticationSpec {
  readonly selector?: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly mtls: { readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET' };
}

export const ISTIO_SECURITY_API = 'security.istio.io/v1';

/** Annotation that turns an AuthorizationPolicy into a dry-run (shadow) policy. */
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';
