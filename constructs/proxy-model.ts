// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';
import type { ProxyModelKind } from '../lib/model/mesh-model';

/** Which waypoint serves an ambient service. */
export enum WaypointScope {
  /** Its own waypoint, `<service>-waypoint` (per service account, since every service has its own). */
  SERVICE = 'service',
  /** The namespace's shared waypoint, `waypoint`, serving every service of the namespace that asks for it. */
  NAMESPACE = 'namespace',
}

/** Options of `ProxyModel.ambient`. */
export interface AmbientOptions {
  /**
   * Add an L7 waypoint for the service: a Gateway of class `istio-waypoint` that enforces its
   * HTTP-level policies, while ztunnel admits only the waypoint (no bypass). Without one, only
   * L4 intent (identities, namespaces, IP blocks, ports) can be enforced.
   *
   * @default false
   */
  readonly waypoint?: boolean;
  /**
   * Which waypoint serves the service (only with `waypoint: true`).
   *
   * @default WaypointScope.SERVICE
   */
  readonly waypointScope?: WaypointScope;
}

/**
 * Where the proxy that enforces a service's policies runs (NIST SP 800-233 §3). Chosen per
 * service, with a mesh-wide default; models mix freely in one mesh. Intent a model cannot
 * enforce is an error naming the service, the feature and the fix — never silently dropped.
 *
 * @see https://istio.io/latest/docs/ops/deployment/architecture/
 */
export abstract class ProxyModel {
  /**
   * An Envoy sidecar in every pod of the service (`sidecar.istio.io/inject: "true"`). Enforces
   * everything; the only model SP 800-233 accepts for high-risk services. Policies attach with
   * `selector`.
   */
  public static sidecar(): ProxyModel {
    return new StaticProxyModel('sidecar', 'sidecar', false);
  }

  /**
   * Istio ambient: a shared L4 proxy per node (ztunnel), and optionally an L7 waypoint per
   * service (`istio.io/dataplane-mode: ambient`, `istio.io/use-waypoint`).
   */
  public static ambient(options: AmbientOptions = {}): ProxyModel {
    const waypoint = options.waypoint ?? false;
    if (options.waypointScope !== undefined && !waypoint) {
      throw new MeshError({ path: 'ProxyModel.ambient', problem: 'waypointScope without a waypoint', value: options.waypointScope, expected: 'waypoint: true when a waypoint scope is chosen', fix: 'set waypoint: true, or remove waypointScope' });
    }
    const shared = options.waypointScope === WaypointScope.NAMESPACE;
    return new StaticProxyModel('ambient', waypoint ? (shared ? 'ambient-namespace-waypoint' : 'ambient-waypoint') : 'ambient', waypoint, shared);
  }

  /**
   * A shared L4–L7 proxy per node (Cilium): CiliumNetworkPolicy with L7 HTTP rules and SPIFFE
   * mutual authentication. No Istio proxy runs in the pods.
   */
  public static sharedNode(): ProxyModel {
    return new StaticProxyModel('sharedNode', 'shared-node', false);
  }

  /**
   * Proxyless gRPC: the application's gRPC library is the xDS client (`inject.istio.io/templates:
   * grpc-agent`); only gRPC ports, and only what gRPC's xDS RBAC enforces.
   */
  public static proxyless(): ProxyModel {
    return new StaticProxyModel('proxyless', 'proxyless', false);
  }

  /** Short name of the model, as used in reports: `sidecar`, `ambient`, `ambient-waypoint`, `shared-node`, `proxyless`. */
  public abstract readonly name: string;

  /** @internal */
  public abstract _kind(): ProxyModelKind;

  /** @internal */
  public abstract _waypoint(): boolean;

  /** @internal */
  public abstract _namespaceWaypoint(): boolean;
}

class StaticProxyModel extends ProxyModel {
  constructor(private readonly kind: ProxyModelKind, public readonly name: string, private readonly waypoint: boolean, private readonly sharedWaypoint = false) {
    super();
  }
  public _namespaceWaypoint(): boolean {
    return this.sharedWaypoint;
  }
  public _kind(): ProxyModelKind {
    return this.kind;
  }
  public _waypoint(): boolean {
    return this.waypoint;
  }
}
