// SPDX-License-Identifier: Apache-2.0
/**
 * Plain Kubernetes objects as the analysis sees them: parsed YAML or the resolved JSON of
 * cdk8s ApiObjects, with where each came from. Nothing here depends on cdk8s.
 */

/** The metadata fields the analysis reads. */
export interface ObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object: any JSON with `apiVersion`, `kind` and `metadata`. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMetadata;
  readonly [field: string]: unknown;
}

/** Identifies one object in reports, with where it came from. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  /** The file the object was read from (or will be written to, at synth). */
  readonly file?: string;
  /** 1-based line of the file where the object starts. */
  readonly line?: number;
  /** Construct path of the ApiObject, when the object came from a cdk8s app. */
  readonly constructPath?: string;
}

/** An object of the inventory and its reference. */
export interface InventoryEntry {
  readonly object: KubeObject;
  readonly ref: ObjectRef;
}

/** Kinds without a namespace (the ones the analysis may meet). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'GatewayClass', 'CiliumClusterwideNetworkPolicy',
  'IngressClass', 'RuntimeClass', 'APIService',
]);

/** Whether objects of `kind` live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), for messages. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** The API group of an `apiVersion` (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A string map from an unknown value (labels, selectors); non-string values are dropped. */
export function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** `value` as an array (empty when it is not one). */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a plain object (empty when it is not one). */
export function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
