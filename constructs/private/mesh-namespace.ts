// SPDX-License-Identifier: Apache-2.0
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { allowNothing } from '../../lib/compile/mesh-wide';

/** Properties of a `MeshNamespace`. */
export interface MeshNamespaceProps {
  /** Namespace name. */
  readonly name: string;
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
  }

  /** Adds the labels a proxy model needs on the Namespace object. */
  public addLabels(labels: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(labels)) this._namespace.metadata.addLabel(key, value);
  }
}
