// SPDX-License-Identifier: Apache-2.0
import { ISTIO_NETWORKING_API, type DestinationRuleSpec, type ServiceEntrySpec } from './egress-types';
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import { circuitBreaking, httpResilience, type VirtualServiceSpec } from '../resilience/resilience';
import type { ExternalServiceModel } from '../../model/egress-model';
import type { MeshModel } from '../../model/mesh-model';

/** `namespace/name` key of an external service, as services reference it. */
export function externalKey(ext: Pick<ExternalServiceModel, 'namespace' | 'name'>): string {
  return `${ext.namespace}/${ext.name}`;
}

/** Namespaces whose services declared a dependency on `ext`. */
export function consumerNamespaces(mesh: MeshModel, ext: ExternalServiceModel): string[] {
  const key = externalKey(ext);
  return [...new Set(mesh.services.filter((s) => s.egress.includes(key)).map((s) => s.namespace))].sort(compare);
}

/**
 * The ServiceEntry that puts an external service in the registry (SP 800-204A: egress only to
 * declared destinations, with REGISTRY_ONLY outbound traffic). Visible (`exportTo`) only to its
 * own namespace, the namespaces of the services that call it and, when the traffic leaves through
 * an egress gateway, the gateway's namespace (the gateway resolves and connects to the host).
 */
export function serviceEntry(mesh: MeshModel, ext: ExternalServiceModel): Manifest<ServiceEntrySpec> {
  const wildcard = ext.hosts.some((h) => h.startsWith('*'));
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'ServiceEntry',
    metadata: { name: ext.name, namespace: ext.namespace },
    spec: {
      hosts: [...ext.hosts],
      ports: ext.ports.map((p) => ({ number: p.port, name: p.name, protocol: p.protocol, ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) })),
      location: 'MESH_EXTERNAL',
      // Wildcard hosts cannot be resolved; the proxy forwards to the address the client dialled.
      resolution: wildcard ? 'NONE' : 'DNS',
      exportTo: [...new Set([ext.namespace, ...consumerNamespaces(mesh, ext), ...(ext.egressGateway ? [ext.egressGateway.namespace] : [])])].sort(compare),
    },
  };
}

/** Name of the DestinationRule of one host of an external service. Part of the output contract. */
export function externalRuleName(ext: ExternalServiceModel, hostIndex: number): string {
  return ext.hosts.length === 1 ? ext.name : `${ext.name}-${hostIndex}`;
}

/** Name of the VirtualService with the timeouts and retries of one host (no egress gateway). */
export function externalRouteName(ext: ExternalServiceModel, hostIndex: number): string {
  return `${externalRuleName(ext, hostIndex)}-routes`;
}

/**
 * One DestinationRule per host (a DestinationRule has one host), applied by the proxy that leaves
 * the mesh — the caller's sidecar, or the egress gateway when the service is routed through one —
 * and exported only to those proxies:
 * - circuit breaking and bulkheads (SP 800-204A resilience): connection pool limits, connect
 *   timeout, maximum connection duration, outlier detection;
 * - TLS origination where asked (SP 800-204A: encrypt traffic leaving the mesh): the workload
 *   speaks plain HTTP to the ServiceEntry port and the proxy opens TLS to the remote port,
 *   verifying the server certificate and its SANs.
 */
export function externalHostRules(mesh: MeshModel, ext: ExternalServiceModel): Manifest<DestinationRuleSpec>[] {
  const tls = ext.tlsOrigination;
  const r = ext.resilience;
  const http = ext.ports.some((p) => p.protocol !== 'TLS' && p.protocol !== 'HTTPS' && p.protocol !== 'TCP');
  const httpPorts = ext.ports.filter((p) => p.protocol === 'HTTP');
  return ext.hosts.map((host, i) => ({
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'DestinationRule',
    metadata: { name: externalRuleName(ext, i), namespace: ext.namespace },
    spec: {
      host,
      exportTo: ext.egressGateway ? [ext.egressGateway.namespace] : serviceEntry(mesh, ext).spec!.exportTo,
      trafficPolicy: {
        ...circuitBreaking(r, http),
        ...(tls ? {
          portLevelSettings: httpPorts.map((p) => ({
            port: { number: p.port },
            tls: {
              mode: 'SIMPLE' as const,
              sni: tls.sni ?? host,
              subjectAltNames: [...tls.subjectAltNames],
              ...(tls.caCredentialName !== undefined ? { credentialName: tls.caCredentialName } : {}),
            },
          })),
        } : {}),
      },
    },
  }));
}

/**
 * Timeouts and retries for the HTTP ports of an external service reached directly by the callers'
 * sidecars (with an egress gateway they are on the gateway routes): one VirtualService per host,
 * exported to the callers. Empty when the service has no HTTP port.
 */
export function externalRoutes(mesh: MeshModel, ext: ExternalServiceModel): Manifest<VirtualServiceSpec>[] {
  const ports = ext.ports.filter((p) => p.protocol === 'HTTP' || p.protocol === 'HTTP2' || p.protocol === 'GRPC');
  if (ext.egressGateway || ports.length === 0) return [];
  return ext.hosts.map((host, i) => ({
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'VirtualService',
    metadata: { name: externalRouteName(ext, i), namespace: ext.namespace },
    spec: {
      hosts: [host],
      exportTo: serviceEntry(mesh, ext).spec!.exportTo,
      http: ports.map((p) => ({
        name: p.name,
        match: [{ port: p.port }],
        route: [{ destination: { host, port: { number: p.port } } }],
        ...httpResilience(ext.resilience),
      })),
    },
  }));
}
