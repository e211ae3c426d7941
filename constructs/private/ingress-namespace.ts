// SPDX-License-Identifier: Apache-2.0
/**
 * The default deny of an ingress gateway's namespace: the gateway's mesh manages the namespace
 * (Namespace object, allow-nothing policy, Sidecar) exactly as for a service, so services added
 * there before or after the gateway share the same objects; another mesh's namespace is an error.
 */
import type { Construct } from 'constructs';
import { meshHooks } from './mesh-registry';
import type { IMesh } from '../i-mesh';

/** Makes `mesh` manage `namespace` for `gateway`; throws when another mesh owns it. */
export function enrolGatewayNamespace(gateway: Construct, mesh: IMesh, namespace: string): void {
  meshHooks(mesh, gateway.node.path).enrolNamespace(namespace, gateway.node.path);
}
