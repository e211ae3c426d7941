// SPDX-License-Identifier: Apache-2.0
import type { MeshModel, ServiceModel } from './mesh-model';

const BY_NAMESPACE = new WeakMap<MeshModel, Map<string, ServiceModel[]>>();

/** The mesh's services in `namespace`, in the mesh's order (indexed once per model: compilers ask per namespace). */
export function servicesIn(mesh: MeshModel, namespace: string): readonly ServiceModel[] {
  let index = BY_NAMESPACE.get(mesh);
  if (!index) {
    index = new Map();
    for (const s of mesh.services) {
      const list = index.get(s.namespace);
      if (list) list.push(s);
      else index.set(s.namespace, [s]);
    }
    BY_NAMESPACE.set(mesh, index);
  }
  return index.get(namespace) ?? [];
}
