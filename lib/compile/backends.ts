// SPDX-License-Identifier: Apache-2.0
import type { MeshBackend } from './backend';
import { AmbientBackend } from './ambient/ambient-backend';
import { CiliumBackend } from './cilium/cilium-backend';
import { ProxylessBackend } from './proxyless/proxyless-backend';
import { SidecarBackend } from './sidecar/sidecar-backend';
import type { ProxyModelKind } from '../model/mesh-model';

const BACKENDS: Partial<Record<ProxyModelKind, MeshBackend>> = {
  sidecar: new SidecarBackend(),
  ambient: new AmbientBackend(),
  proxyless: new ProxylessBackend(),
  sharedNode: new CiliumBackend(),
};

/** The compiler for a proxy model, or undefined when this version has none yet. */
export function backendFor(kind: ProxyModelKind): MeshBackend | undefined {
  return BACKENDS[kind];
}
