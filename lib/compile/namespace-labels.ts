// SPDX-License-Identifier: Apache-2.0
import { backendFor } from './backends';
import type { MeshModel } from '../model/mesh-model';
import { servicesIn } from '../model/services-in';

/**
 * Labels of a mesh namespace's Namespace object. When every mesh service in it uses one proxy
 * model, the namespace is enrolled in that model (so pods created later join it too); when
 * models are mixed, enrolment is left to each pod's own labels and the namespace carries none.
 */
export function namespaceLabels(mesh: MeshModel, namespace: string): Record<string, string> {
  const kinds = new Set(servicesIn(mesh, namespace).map((s) => s.proxyModel));
  if (kinds.size !== 1) return {};
  return { ...(backendFor([...kinds][0])?.namespaceLabels() ?? {}) };
}
