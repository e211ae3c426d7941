// SPDX-License-Identifier: Apache-2.0
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { namespaceLabels } from '../../lib/compile/namespace-labels';
import { NAMESPACE_WAYPOINT, waypointGateway } from '../../lib/compile/ambient/ambient-backend';
import { sidecarScope } from '../../lib/compile/egress/sidecar-scope';
import { allowNothing } from '../../lib/compile/mesh-wide';
import type { MeshModel } from '../../lib/model/mesh-model';

/** Properties of a `MeshNamespace`. */
export interface MeshNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** The mesh's collected intent, read at synth time. */
  readonly model: () => MeshModel;
}

/**
 * A namespace the mesh manages: the Namespace object, labelled to enrol its workloads in
 * their proxy model, and its default-deny (allow-nothing) AuthorizationPolicy.
 * Created by the mesh for the first service placed in the namespace; not part of the public
 * API (the mesh owns the Namespace's labels).
 */
export class MeshNamespace extends Construct {
  /** Namespace name. */
  public readonly name: string;
  private readonly _model: () => MeshModel;
  private _sidecarScope = false;
  private _namespaceWaypoint = false;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    new NamespaceObject(this, 'Resource', props.name, () => namespaceLabels(props.model(), props.name));
    new ApiObject(this, 'AllowNothing', allowNothing(props.name));
    this._model = props.model;
  }

  /** Adds the namespace's shared waypoint (`waypoint`, class `istio-waypoint`), once. */
  public enableNamespaceWaypoint(): void {
    if (this._namespaceWaypoint) return;
    this._namespaceWaypoint = true;
    new ApiObject(this, 'Waypoint', waypointGateway(NAMESPACE_WAYPOINT, this.name));
  }

  /**
   * Adds the namespace's Sidecar (egress lockdown and config scoping), once: only sidecar proxies
   * read it, so namespaces without sidecar workloads get none. Its hosts depend on the whole
   * mesh, so the spec is lazy.
   */
  public enableSidecarScope(): void {
    if (this._sidecarScope) return;
    this._sidecarScope = true;
    const scoped = () => sidecarScope(this._model(), this.name, this._model().clusterDomain);
    new ApiObject(this, 'Sidecar', { ...sidecarScope(EMPTY_MESH, this.name, ''), spec: Lazy.any({ produce: () => scoped().spec }) });
  }
}

/**
 * The Namespace object. Cluster-scoped, so it never carries the chart's namespace; its labels
 * depend on the proxy models of every service in it, known only at synth, so they are computed
 * in `toJson` (cdk8s metadata labels cannot be lazy).
 */
class NamespaceObject extends ApiObject {
  constructor(scope: Construct, id: string, private readonly namespaceName: string, private readonly labels: () => Record<string, string>) {
    super(scope, id, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceName } });
  }

  public toJson(): any {
    const json = super.toJson();
    const labels = this.labels();
    // A Namespace has no namespace (charts stamp theirs on every object); annotations
    // (suppressions, JSON patches) are kept.
    const { namespace: _chartNamespace, labels: _static, ...meta } = json.metadata ?? {};
    return {
      ...json,
      metadata: { ...meta, name: this.namespaceName, ...(Object.keys(labels).length ? { labels: sortKeys(labels) } : {}) },
    };
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Only for the Sidecar's apiVersion, kind and metadata, which do not depend on the mesh. */
const EMPTY_MESH: MeshModel = { path: '', trustDomain: '', rootNamespace: '', clusterDomain: '', services: [], externalServices: [] };
