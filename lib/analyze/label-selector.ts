// SPDX-License-Identifier: Apache-2.0
import { arrayOf, objectOf, stringMap } from './manifest-object';

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
}

/** Reads a `LabelSelector` from JSON; `undefined` when the value is not an object. */
export function readSelector(value: unknown): LabelSelector | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = objectOf(value);
  return {
    matchLabels: stringMap(v.matchLabels),
    matchExpressions: arrayOf(v.matchExpressions).map((e) => {
      const x = objectOf(e);
      return { key: String(x.key ?? ''), operator: String(x.operator ?? ''), values: arrayOf(x.values).map(String) };
    }),
  };
}

/** Whether `labels` satisfy the selector; an empty selector selects everything. */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain `key: value` map selects `labels` (Istio `selector.matchLabels`, Service `selector`). */
export function matchesLabels(matchLabels: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  return true;
}

/**
 * A Cilium `endpointSelector`, with the source prefixes of its keys (`k8s:`, `any:`,
 * `container:`, `unspec:`) removed, to match `ciliumEndpointLabels`; undefined when it is not an
 * object.
 */
export function readCiliumSelector(value: unknown): LabelSelector | undefined {
  const sel = readSelector(value);
  if (!sel) return undefined;
  const strip = (k: string) => k.replace(/^(k8s|any|container|unspec):/, '');
  return {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels).map(([k, v]) => [strip(k), v])),
    matchExpressions: sel.matchExpressions.map((e) => ({ ...e, key: strip(e.key) })),
  };
}

/** Labels Cilium derives from the pod's context (not pod labels): namespace, service account, namespace labels. */
export const CILIUM_DERIVED_LABEL = /^(io\.kubernetes\.pod\.namespace$|io\.cilium\.k8s\.)/;

/** Endpoint labels Cilium derives for a pod (normalized keys, without source prefix). */
export function ciliumEndpointLabels(namespace: string, serviceAccount: string, podLabels: Readonly<Record<string, string>>, namespaceLabels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...podLabels, 'io.kubernetes.pod.namespace': namespace, 'io.cilium.k8s.policy.serviceaccount': serviceAccount };
  for (const [k, v] of Object.entries(namespaceLabels)) out[`io.cilium.k8s.namespace.labels.${k}`] = v;
  return out;
}
