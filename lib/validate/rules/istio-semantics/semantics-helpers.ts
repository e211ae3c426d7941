// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of the istio-semantics rules (istio-authz-semantics.md §b8): where a policy is
 * enforced (§b1), which attributes are HTTP-only (§b4) or need a peer certificate (§b3), how
 * Istio parses the dry-run annotation (§b2), and the mesh's trust domains.
 */
import type { Inventory, Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { compareText } from '../../engine';
import { type Json, gatewayApiGateway, isGatewayPod, isWaypointGateway, operationsOf, sourcesOf, strings, targetRefsOf } from '../authz/authz-helpers';

/** The proxy that evaluates an AuthorizationPolicy for a workload. */
export type EnforcementKind = 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel' | 'proxyless';

/** Label Istio puts on the pods it deploys for a Gateway API Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Source fields that read the peer certificate, so they need mTLS (§b3, ISTIO-SECURITY-2021-004). */
export const MTLS_SOURCE_FIELDS: readonly string[] = [
  'principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains',
];

/** `when` keys that read the peer certificate (§b3). */
export const MTLS_WHEN_KEYS: ReadonlySet<string> = new Set(['source.principal', 'source.namespace']);

/** Operation fields Envoy can only evaluate on an HTTP filter chain (§b4, generator.go "is HTTP only"). */
export const HTTP_OPERATION_FIELDS: readonly string[] = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

/** Source fields Envoy can only evaluate on an HTTP filter chain (§b4). */
export const HTTP_SOURCE_FIELDS: readonly string[] = ['requestPrincipals', 'notRequestPrincipals'];

/** Whether a `when` key is HTTP-only (§b4: request headers and the validated token). */
export function isHttpWhenKey(key: string): boolean {
  return key.startsWith('request.headers') || key.startsWith('request.auth.');
}

/** The HTTP-only attributes of one operation, as `to.operation.<field>`. */
export function httpOperationFields(op: Json): string[] {
  return HTTP_OPERATION_FIELDS.filter((f) => arrayOf(op[f]).length > 0).map((f) => `to.operation.${f}`);
}

/** The HTTP-only attributes of a rule's `from` and `when` (the parts every `to` alternative shares). */
export function httpSharedFields(rule: Json): string[] {
  const found = new Set<string>();
  for (const src of sourcesOf(rule)) for (const f of HTTP_SOURCE_FIELDS) if (arrayOf(src[f]).length > 0) found.add(`from.source.${f}`);
  for (const w of arrayOf(rule.when)) {
    const key = String(objectOf(w).key ?? '');
    if (isHttpWhenKey(key)) found.add(`when ${key}`);
  }
  return [...found].sort();
}

/** Every HTTP-only attribute of a rule. */
export function httpFieldsOfRule(rule: Json): string[] {
  return [...new Set([...httpSharedFields(rule), ...operationsOf(rule).flatMap(httpOperationFields)])].sort();
}

/** The ports (`to.operation.ports`) a rule is limited to, or undefined when some operation (or a missing `to`) admits every port. */
export function rulePorts(rule: Json): number[] | undefined {
  const ops = operationsOf(rule);
  if (ops.length === 0 || ops.some((op) => strings(op.ports).length === 0)) return undefined;
  return [...new Set(ops.flatMap((op) => strings(op.ports).map(Number)).filter(Number.isInteger))].sort((a, b) => a - b);
}

/**
 * Whether the policy is a dry run. Istio parses the annotation with Go's `strconv.ParseBool`
 * (§b2): `1`, `t`, `T`, `true`, `TRUE`, `True` are true; anything unparsable means enforced.
 */
export function dryRunOf(policy: InventoryEntry): { readonly dryRun: boolean; readonly raw?: string; readonly parsed: boolean } {
  const raw = stringMap(policy.object.metadata?.annotations)['istio.io/dry-run'];
  if (raw === undefined) return { dryRun: false, parsed: true };
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return { dryRun: true, raw, parsed: true };
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return { dryRun: false, raw, parsed: true };
  return { dryRun: false, raw, parsed: false };
}

/** The policy's action, upper-case; ALLOW when unset. */
export function actionOf(policy: InventoryEntry): string {
  const a = objectOf(policy.object.spec).action;
  return typeof a === 'string' && a !== '' ? a.toUpperCase() : 'ALLOW';
}

/** Whether the manifests show `w` as a waypoint: its Gateway (gateway-name label) has a waypoint class. */
export function isWaypointPod(inventory: Inventory, w: Workload): boolean {
  const name = w.podLabels[GATEWAY_NAME_LABEL];
  if (name === undefined) return false;
  const gw = gatewayApiGateway(inventory, w.namespace, name);
  return gw !== undefined && isWaypointGateway(gw);
}

/** The proxy that enforces AuthorizationPolicies for `w`, or undefined when no Istio proxy does (not enrolled, Cilium only). */
export function enforcementOf(inventory: Inventory, w: Workload): EnforcementKind | undefined {
  if (isWaypointPod(inventory, w)) return 'waypoint';
  if (isGatewayPod(w)) return 'gateway';
  const dp = inventory.dataPlaneOf(w).kind;
  if (dp === 'sidecar') return 'sidecar';
  if (dp === 'proxyless') return 'proxyless';
  if (dp === 'ambient') return 'ztunnel';
  return undefined;
}

/** A workload a policy attaches to, and the proxy that enforces it there. */
export interface Attachment {
  readonly workload: Workload;
  readonly kind: EnforcementKind;
}

/**
 * Where a policy without targetRefs is enforced (§b1): the workloads its selector (or its
 * namespace, or the whole mesh from the root namespace) selects, except waypoints, which never
 * use selectors, sorted by `namespace/name`. A policy with targetRefs is ignored by every
 * selector-based proxy: none.
 */
export function selectorAttachments(inventory: Inventory, policy: InventoryEntry): Attachment[] {
  if (targetRefsOf(policy).length > 0) return [];
  return inventory.workloadsSelectedBy(policy).flatMap((workload) => {
    const kind = enforcementOf(inventory, workload);
    return kind === undefined || kind === 'waypoint' ? [] : [{ workload, kind }];
  }).sort((a, b) => compareText(nameOf(a.workload), nameOf(b.workload)));
}

/** `ns/name` of a workload, for messages. */
export function nameOf(w: Workload): string {
  return `${w.namespace}/${w.name}`;
}

/** `a, b and c`. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The mesh's trust domain (MeshConfig `trustDomain`, default `cluster.local`) and its aliases
 * (`trustDomainAliases`). `configured` is false when the manifests' mesh config does not set the
 * trust domain: it is then the installation's, which the manifests do not show (the SDK's shared
 * mesh config never sets it).
 */
export function trustDomains(inventory: Inventory): { readonly trustDomain: string; readonly aliases: readonly string[]; readonly configured: boolean } {
  const mesh = objectOf(inventory.meshConfig());
  const configured = typeof mesh.trustDomain === 'string' && mesh.trustDomain !== '';
  const td = configured ? String(mesh.trustDomain) : 'cluster.local';
  return { trustDomain: td, aliases: strings(mesh.trustDomainAliases).filter((a) => a !== td), configured };
}

/** The AuthorizationPolicies of the manifests (`security.istio.io`). */
export function authorizationPolicies(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('AuthorizationPolicy', 'security.istio.io');
}

/** The PeerAuthentications of the manifests (`security.istio.io`). */
export function peerAuthentications(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('PeerAuthentication', 'security.istio.io');
}
