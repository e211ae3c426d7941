// SPDX-License-Identifier: Apache-2.0
import { callerNamespaces } from '../admission-index';
import { ISTIO_NETWORKING_API, type DestinationRuleSpec } from '../egress/egress-types';
import type { Manifest } from '../manifest';
import { carriesHttp } from '../../model/http';
import type { MeshModel, ResilienceModel, ServiceModel } from '../../model/mesh-model';

/** `networking.istio.io/v1` VirtualService `spec` (the fields resilience sets). */
export interface VirtualServiceSpec {
  readonly hosts: readonly string[];
  readonly exportTo: readonly string[];
  readonly http: readonly {
    readonly name: string;
    readonly match: readonly { readonly port: number }[];
    readonly route: readonly { readonly destination: { readonly host: string; readonly port: { readonly number: number } } }[];
    readonly timeout: string;
    readonly retries: { readonly attempts: number; readonly perTryTimeout?: string; readonly retryOn?: string };
  }[];
}

/** `connectionPool` and `outlierDetection` of a traffic policy; HTTP limits only for HTTP traffic. */
export function circuitBreaking(r: ResilienceModel, http: boolean): { connectionPool: object; outlierDetection: object } {
  return {
    connectionPool: {
      tcp: { maxConnections: r.connectionPool.maxConnections, connectTimeout: istioDuration(r.connectionPool.connectTimeoutMs), maxConnectionDuration: istioDuration(r.maxConnectionDurationMs) },
      ...(http ? { http: { http1MaxPendingRequests: r.connectionPool.maxPendingRequests, http2MaxRequests: r.connectionPool.maxConcurrentRequests } } : {}),
    },
    outlierDetection: {
      consecutive5xxErrors: r.outlierDetection.consecutive5xxErrors,
      interval: istioDuration(r.outlierDetection.intervalMs),
      baseEjectionTime: istioDuration(r.outlierDetection.baseEjectionTimeMs),
      maxEjectionPercent: r.outlierDetection.maxEjectionPercent,
    },
  };
}

/** The `timeout` and `retries` of an HTTP route. */
export function httpResilience(r: ResilienceModel): { timeout: string; retries: { attempts: number; perTryTimeout?: string; retryOn?: string } } {
  return {
    timeout: istioDuration(r.timeoutMs),
    retries: r.retries.attempts === 0
      ? { attempts: 0 }
      : { attempts: r.retries.attempts, perTryTimeout: istioDuration(r.retries.perTryTimeoutMs), retryOn: r.retries.retryOn.join(',') },
  };
}

/** Istio duration string: whole seconds as `Ns`, otherwise `Nms`. */
export function istioDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The service's cluster DNS name, e.g. `cart.shop.svc.cluster.local`. */
export function serviceHost(mesh: MeshModel, service: ServiceModel): string {
  return `${service.name}.${service.namespace}.svc.${mesh.clusterDomain}`;
}

/**
 * Circuit breaking and bulkheads for every caller (SP 800-204A resilience): connection pool
 * limits, connect timeout, maximum connection duration and outlier detection. For a sidecar
 * destination, `tls.mode: ISTIO_MUTUAL` is explicit, because proxyless gRPC callers have no
 * automatic mTLS and would otherwise send plaintext; for waypoint destinations Istio's HBONE
 * applies and no `tls` is set. Exported to the callers' namespaces only.
 */
export function resilienceRule(mesh: MeshModel, service: ServiceModel): Manifest<DestinationRuleSpec> {
  const r = service.resilience;
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'DestinationRule',
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      host: serviceHost(mesh, service),
      exportTo: callerNamespaces(mesh, service),
      trafficPolicy: {
        ...circuitBreaking(r, service.ports.some((p) => carriesHttp(p.protocol))),
        ...(service.proxyModel === 'sidecar' ? { tls: { mode: 'ISTIO_MUTUAL' as const } } : {}),
      },
    },
  };
}

/**
 * Timeouts and retries for HTTP ports: one route per HTTP port, matched by port, back to the
 * same service. Undefined when the service has no HTTP port.
 */
export function resilienceRoutes(mesh: MeshModel, service: ServiceModel): Manifest<VirtualServiceSpec> | undefined {
  const r = service.resilience;
  const host = serviceHost(mesh, service);
  const ports = service.ports.filter((p) => carriesHttp(p.protocol));
  if (ports.length === 0) return undefined;
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'VirtualService',
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      hosts: [host],
      exportTo: callerNamespaces(mesh, service),
      http: ports.map((p) => ({
        name: p.name,
        match: [{ port: p.port }],
        route: [{ destination: { host, port: { number: p.port } } }],
        ...httpResilience(r),
      })),
    },
  };
}
