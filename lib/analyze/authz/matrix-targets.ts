// SPDX-License-Identifier: Apache-2.0
/**
 * The destinations of the access matrix: every Service of the manifests that selects a
 * workload, and the Service of each gateway Istio deploys for a Gateway API `Gateway`
 * (`<name>-<class>`, semantics §b6), with each port's protocol as the engine reads it
 * (semantics §b4: the port protocol picks the HTTP or TCP filter chain).
 */
import type { Inventory } from '../inventory';
import { apiGroup, objectOf } from '../manifest-object';
import type { Endpoint, MeshTopology, ServicePort, ServiceTarget } from './mesh-topology';
import { protocolOfName } from './request-resolution';

/** A destination Service of the matrix. */
export interface MatrixTarget {
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly service: ServiceTarget;
  /** The first workload behind it (its data plane decides which policies apply). */
  readonly endpoint: Endpoint;
  /** How many workloads receive its traffic. */
  readonly endpoints: number;
  readonly ports: readonly MatrixPort[];
}

/** A port of a destination. */
export interface MatrixPort {
  readonly port: number;
  readonly targetPort?: number | string;
  /** What the Service (or the gateway listener) declares: `http`, `grpc`, `tcp`…, `auto` when nothing. */
  readonly protocol: string;
  /** Whether requests on it are HTTP (declared HTTP, or undeclared: Istio detects HTTP). */
  readonly http: boolean;
}

/** Istio's port name prefixes. */
const KNOWN_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'https', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp']);
/** Gateway server and listener protocols terminated as HTTP. */
const GATEWAY_HTTP = new Set(['http', 'https', 'http2', 'grpc']);

/** The destinations of `inventory`, in inventory order; Services that select no workload are left out (nothing receives their traffic). */
export function matrixTargets(inventory: Inventory, topology: MeshTopology): MatrixTarget[] {
  const out: MatrixTarget[] = [];
  const seen = new Set<string>();
  const add = (service: ServiceTarget | undefined) => {
    if (!service || seen.has(`${service.namespace}/${service.name}`)) return;
    seen.add(`${service.namespace}/${service.name}`);
    const endpoints = topology.endpointsOf(service);
    const endpoint = endpoints[0];
    if (!endpoint) return;
    const ports = service.ports.filter((p) => Number.isInteger(p.port) && p.port > 0).map((p) => {
      const target = typeof p.targetPort === 'number' ? p.targetPort : /^\d+$/.test(String(p.targetPort ?? '')) ? Number(p.targetPort) : p.port;
      const server = endpoint.kind === 'gateway' ? service.listenerProtocols?.get(p.port) ?? topology.gatewayServerProtocol(endpoint, p.port, target) : undefined;
      if (server !== undefined) return { ...portBase(p), protocol: server, http: GATEWAY_HTTP.has(server) };
      const declared = protocolOfName(p.appProtocol) ?? protocolOfName(p.name);
      return { ...portBase(p), protocol: declaredProtocol(p), http: declared === undefined || declared === 'HTTP' };
    });
    out.push({ key: `${service.namespace}/${service.name}`, service, endpoint, endpoints: endpoints.length, ports });
  };
  for (const s of inventory.services) add(topology.service(s.namespace, s.name));
  for (const g of inventory.ofKind('Gateway', 'gateway.networking.k8s.io')) {
    if (apiGroup(g.ref.apiVersion) !== 'gateway.networking.k8s.io') continue;
    const className = objectOf(g.object.spec).gatewayClassName;
    if (typeof className === 'string' && className !== '') add(topology.service(g.ref.namespace ?? 'default', `${g.ref.name}-${className}`));
  }
  return out;
}

function portBase(p: ServicePort): { port: number; targetPort?: number | string } {
  return { port: p.port, ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) };
}

/**
 * The protocol a Service port declares: `appProtocol` (without `kubernetes.io/`), else the
 * port name's Istio prefix (`http-web` ⇒ `http`), else `auto` (Istio detects the protocol).
 */
export function declaredProtocol(port: { readonly name?: string; readonly appProtocol?: string }): string {
  const app = port.appProtocol?.toLowerCase().replace(/^kubernetes\.io\//, '');
  if (app !== undefined && app !== '') return app;
  const prefix = (port.name ?? '').toLowerCase().split('-')[0];
  return KNOWN_PROTOCOLS.has(prefix) ? prefix : 'auto';
}
