// SPDX-License-Identifier: Apache-2.0
/**
 * The ConfigMap istiod merges under its own mesh config when its `SHARED_MESH_CONFIG`
 * environment variable names it (docs/decisions/0004-mesh-config.md).
 */
import type { ObjectMeta } from '../manifest';

/** Key of the mesh config in the ConfigMap, as istiod reads it (`kubemesh.MeshConfigKey`). */
export const MESH_CONFIG_KEY = 'mesh';

/** Default name of the shared mesh config ConfigMap. Part of the output contract. */
export const DEFAULT_SHARED_MESH_CONFIG_NAME = 'cdk8s-mesh-config';

/** Annotation telling an operator who finds the ConfigMap how istiod is told to read it. */
export const SHARED_MESH_CONFIG_ANNOTATION = 'mesh.cdk8s.io/istiod-env';

/** A `v1` ConfigMap holding a mesh config fragment. */
export interface MeshConfigMapManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: ObjectMeta;
  readonly data: { readonly [MESH_CONFIG_KEY]: string };
}

/**
 * The shared mesh config ConfigMap `name` in istiod's namespace, `data.mesh` holding the
 * fragment as text (`meshText`: YAML or JSON, both of which istiod parses).
 */
export function sharedMeshConfigMap(name: string, namespace: string, meshText: string): MeshConfigMapManifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      annotations: { [SHARED_MESH_CONFIG_ANNOTATION]: `SHARED_MESH_CONFIG=${name}` },
    },
    data: { [MESH_CONFIG_KEY]: meshText },
  };
}
