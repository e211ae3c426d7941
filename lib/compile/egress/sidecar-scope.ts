// SPDX-License-Identifier: Apache-2.0
import { egressGatewayHost } from './egress-names';
import { ISTIO_NETWORKING_API, type SidecarSpec } from './egress-types';
import { externalKey } from './service-entry';
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import type { MeshModel } from '../../model/mesh-model';
import { admissionIndex } from '../admission-index';
import { servicesIn } from '../../model/services-in';

/** Name of the namespace-wide Sidecar. Part of the output contract. */
export const SIDECAR_SCOPE_NAME = 'default';

/**
 * The namespace's Sidecar (SP 800-204A SM-DR2 config scoping, egress lockdown): outbound traffic
 * REGISTRY_ONLY, and the only egress hosts are the control plane's namespace, the mesh services
 * that admit some workload of this namespace, the external services they declared and, for those
 * routed through an egress gateway, the gateway's Service (the first hop; the external host stays
 * listed so that the route for it applies). Admission is per namespace here; per-workload egress
 * control needs an egress gateway, whose policy admits only the declared callers.
 */
export function sidecarScope(mesh: MeshModel, namespace: string, clusterDomain: string): Manifest<SidecarSpec> {
  const index = admissionIndex(mesh);
  const hosts = new Set<string>([`${mesh.rootNamespace}/*`, ...(mesh.infrastructureHosts ?? [])]);
  for (const dst of [...index.open, ...(index.byNamespace.get(namespace) ?? [])]) {
    hosts.add(`${dst.namespace}/${dst.name}.${dst.namespace}.svc.${clusterDomain}`);
  }
  const externals = new Map(mesh.externalServices.map((e) => [externalKey(e), e]));
  for (const svc of servicesIn(mesh, namespace)) {
    for (const key of svc.egress) {
      const ext = externals.get(key);
      if (!ext) continue;
      ext.hosts.forEach((h) => hosts.add(`${ext.namespace}/${h}`));
      if (ext.egressGateway) hosts.add(`${ext.egressGateway.namespace}/${egressGatewayHost(ext.egressGateway, clusterDomain)}`);
    }
  }
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'Sidecar',
    metadata: { name: SIDECAR_SCOPE_NAME, namespace },
    spec: {
      egress: [{ hosts: [...hosts].sort(compare) }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
  };
}
