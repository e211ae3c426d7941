// SPDX-License-Identifier: Apache-2.0
import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
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
  private readonly _namespace: kplus.Namespace;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this._namespace = new kplus.Namespace(this, 'Resource', { metadata: { name: props.name } });
    // Namespaces are cluster-scoped: drop the namespace cdk8s copies from the chart.
    ApiObject.of(this._namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    new ApiObject(this, 'AllowNothing', allowNothing(props.name));
    // Egress lockdown and config scoping: hosts depend on the whole mesh, so the spec is lazy.
    const scoped = () => sidecarScope(props.model(), props.name, props.model().clusterDomain);
    new ApiObject(this, 'Sidecar', { ...sidecarScope(EMPTY_MESH, props.name, ''), spec: Lazy.any({ produce: () => scoped().spec }) });
  }

  /** Adds the labels a proxy model needs on the Namespace object. */
  public addLabels(labels: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(labels)) this._namespace.metadata.addLabel(key, value);
  }
}

/** Only for the Sidecar's apiVersion, kind and metadata, which do not depend on the mesh. */
const EMPTY_MESH: MeshModel = { path: '', trustDomain: '', rootNamespace: '', clusterDomain: '', services: [], externalServices: [] };
