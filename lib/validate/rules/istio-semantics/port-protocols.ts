// SPDX-License-Identifier: Apache-2.0
/**
 * The filter chain a workload port gets at a sidecar (istio-authz-semantics §b4): HTTP when the
 * Service port declares an HTTP protocol (appProtocol, else the `<protocol>[-suffix]` name),
 * TCP when it declares a non-HTTP one, and sniffed (`auto`) when it declares none.
 */
import type { Inventory, ServiceInfo, Workload } from '../../../analyze/inventory';
import { arrayOf, objectOf } from '../../../analyze/manifest-object';

/** The chain a port gets: HTTP, TCP, or protocol sniffing. */
export type PortProtocol = 'http' | 'tcp' | 'auto';

/** One port of a workload as a Service declares it. */
export interface WorkloadPort {
  /** The container port, which AuthorizationPolicy `ports` name. */
  readonly port: number;
  readonly protocol: PortProtocol;
  /** What declared it, e.g. `Service shop/db port tcp-5432`. */
  readonly declaredBy: string;
}

const HTTP = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'kubernetes.io/h2c', 'kubernetes.io/ws']);
const TCP = new Set(['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis', 'kubernetes.io/wss']);

/** The protocol Istio reads from a Service port's `appProtocol` or name. */
export function protocolOf(name: string | undefined, appProtocol: string | undefined): PortProtocol {
  const declared = (appProtocol ?? (name ?? '').split('-')[0]).toLowerCase();
  if (HTTP.has(declared)) return 'http';
  if (TCP.has(declared)) return 'tcp';
  return 'auto';
}

/** The ports of `w` the Services selecting it declare (UDP ports left out), sorted by port. */
export function workloadPorts(inventory: Inventory, w: Workload): WorkloadPort[] {
  const out = new Map<string, WorkloadPort>();
  for (const svc of inventory.servicesOf(w)) {
    for (const p of svc.ports) {
      if (p.protocol.toUpperCase() === 'UDP') continue;
      const port = targetPortOf(w, p.targetPort, p.port);
      if (port === undefined) continue;
      const protocol = protocolOf(p.name, p.appProtocol);
      const key = `${port}/${protocol}`;
      if (!out.has(key)) out.set(key, { port, protocol, declaredBy: declaredBy(svc, p.name ?? String(p.port)) });
    }
  }
  return [...out.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The ports of `w` served on a TCP chain (declared non-HTTP protocols). */
export function tcpPorts(inventory: Inventory, w: Workload): WorkloadPort[] {
  return workloadPorts(inventory, w).filter((p) => p.protocol === 'tcp');
}

function declaredBy(svc: ServiceInfo, portName: string): string {
  return `Service ${svc.namespace}/${svc.name} port ${portName}`;
}

/** The container port a Service `targetPort` names (a number, or a container port name); the Service port when unset. */
function targetPortOf(w: Workload, target: number | string | undefined, port: number): number | undefined {
  if (target === undefined) return Number.isInteger(port) ? port : undefined;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of arrayOf(w.podSpec.containers)) {
    for (const p of arrayOf(objectOf(c).ports)) {
      const x = objectOf(p);
      if (x.name === target && typeof x.containerPort === 'number') return x.containerPort;
    }
  }
  return undefined;
}
