// SPDX-License-Identifier: Apache-2.0
/**
 * Policy attachment (semantics §b1), indexed so one lookup costs a few map reads whatever the
 * number of policies: per namespace, the policies without a selector, those with an empty
 * selector, those keyed by one `key=value` pair of their `matchLabels`, and those keyed by each
 * `targetRefs` entry. The root namespace's bucket is read for every workload.
 */
import type { AttachablePolicy } from './policy-model';

const GATEWAY_API = 'gateway.networking.k8s.io';

/** The `gatewayClassName` of Istio's waypoints (a `GatewayClass` targetRef from the root namespace). */
export const WAYPOINT_CLASS = 'istio-waypoint';

/** Policies of one namespace, indexed. */
interface Bucket<P> {
  readonly unselected: P[];
  readonly emptySelector: P[];
  readonly byLabel: Map<string, P[]>;
  readonly byTarget: Map<string, P[]>;
}

/** Attachment index over one kind of Istio policy (AuthorizationPolicy, RequestAuthentication). */
export class PolicyIndex<P extends AttachablePolicy> {
  private readonly buckets = new Map<string, Bucket<P>>();

  constructor(policies: readonly P[], private readonly rootNamespace: string) {
    for (const p of [...policies].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))) {
      const bucket = this.bucket(p.namespace);
      if (p.targetRefs.length > 0) {
        for (const ref of p.targetRefs) {
          // A reference to another namespace never matches (semantics §b1).
          if (ref.namespace !== undefined && ref.namespace !== p.namespace) continue;
          push(bucket.byTarget, targetKey(ref.kind, ref.group, ref.name), p);
        }
      } else if (p.selector === undefined) {
        bucket.unselected.push(p);
      } else {
        const first = Object.entries(p.selector)[0];
        if (first) push(bucket.byLabel, `${first[0]}=${first[1]}`, p);
        else bucket.emptySelector.push(p);
      }
    }
  }

  /**
   * Policies that apply to an ordinary workload (sidecar, classic gateway deployment, proxyless
   * gRPC, and the ztunnel of an ambient pod): those of the root and the workload's namespace
   * without `targetRefs` whose `selector` is missing or a subset of the pod labels.
   */
  public forWorkload(namespace: string, labels: Readonly<Record<string, string>>): P[] {
    const out: P[] = [];
    for (const ns of this.namespaces(namespace)) {
      const bucket = this.buckets.get(ns);
      if (!bucket) continue;
      out.push(...bucket.unselected, ...bucket.emptySelector);
      for (const [k, v] of Object.entries(labels)) {
        for (const p of bucket.byLabel.get(`${k}=${v}`) ?? []) if (subset(p.selector!, labels)) out.push(p);
      }
    }
    return sortByOrder(out);
  }

  /**
   * Policies that apply to a Gateway API gateway (`gateway.networking.k8s.io/gateway-name`):
   * `targetRefs` naming its Gateway in its namespace, else, for policies without targetRefs,
   * selector matching (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, on by default).
   */
  public forGateway(namespace: string, gatewayName: string, labels: Readonly<Record<string, string>>): P[] {
    return sortByOrder([...this.targeting(namespace, 'Gateway', GATEWAY_API, gatewayName), ...this.forWorkload(namespace, labels)]);
  }

  /**
   * Policies that apply at a waypoint for traffic to one Service: `targetRefs` naming the
   * waypoint's Gateway (its namespace), the Service (the Service's namespace), or the
   * `istio-waypoint` GatewayClass (root namespace). Waypoints never use selectors.
   */
  public forWaypoint(waypoint: { readonly namespace: string; readonly name: string }, service: { readonly namespace: string; readonly name: string }): P[] {
    return sortByOrder([
      ...this.targeting(waypoint.namespace, 'Gateway', GATEWAY_API, waypoint.name),
      ...this.targeting(service.namespace, 'Service', '', service.name),
      ...this.targeting(this.rootNamespace, 'GatewayClass', GATEWAY_API, WAYPOINT_CLASS),
    ]);
  }

  /** Policies of `namespace` whose `targetRefs` name `kind` `name` (group `''` also matches `core`). */
  public targeting(namespace: string, kind: string, group: string, name: string): P[] {
    return this.buckets.get(namespace)?.byTarget.get(targetKey(kind, group, name)) ?? [];
  }

  private namespaces(namespace: string): string[] {
    return namespace === this.rootNamespace ? [namespace] : [this.rootNamespace, namespace];
  }

  private bucket(namespace: string): Bucket<P> {
    let b = this.buckets.get(namespace);
    if (!b) this.buckets.set(namespace, (b = { unselected: [], emptySelector: [], byLabel: new Map(), byTarget: new Map() }));
    return b;
  }
}

function targetKey(kind: string, group: string, name: string): string {
  return `${kind}\u0000${group === 'core' ? '' : group}\u0000${name}`;
}

function subset(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

function push<P>(m: Map<string, P[]>, key: string, p: P): void {
  const list = m.get(key);
  if (list) list.push(p);
  else m.set(key, [p]);
}

function sortByOrder<P extends AttachablePolicy>(list: P[]): P[] {
  const unique = [...new Set(list)];
  return unique.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}
