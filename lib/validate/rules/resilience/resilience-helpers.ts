// SPDX-License-Identifier: Apache-2.0
/** DestinationRule lookup and traffic-policy reading for the resilience rules. */
import type { Inventory, ServiceInfo } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';

/** DestinationRules for a Service: those naming it exactly, else those whose wildcard host covers it. */
export function destinationRulesFor(inventory: Inventory, service: ServiceInfo): InventoryEntry[] {
  return inventory.destinationRulesFor(service);
}

/**
 * Whether `test` holds for the DestinationRule's top-level traffic policy, or for the port-level
 * settings of every port of `ports` (a port-level policy replaces the top-level one for its port).
 */
export function trafficPolicyHas(rule: InventoryEntry, ports: readonly number[], test: (policy: Record<string, unknown>) => boolean): boolean {
  const policy = objectOf(objectOf(rule.object.spec).trafficPolicy);
  if (test(policy)) return true;
  const levels = arrayOf(policy.portLevelSettings).map(objectOf);
  return ports.length > 0 && ports.every((port) => levels.some((l) => Number(objectOf(l.port).number) === port && test(l)));
}

/** Whether a traffic policy enables outlier detection (present, and not zeroed out). */
export function hasOutlierDetection(policy: Record<string, unknown>): boolean {
  if (policy.outlierDetection === undefined) return false;
  const od = objectOf(policy.outlierDetection);
  return !(od.consecutive5xxErrors === 0 && od.consecutiveGatewayErrors === undefined);
}

/** Whether a traffic policy limits connections or requests (`tcp.maxConnections`, `http.http2MaxRequests`, `http.http1MaxPendingRequests`). */
export function hasConnectionLimits(policy: Record<string, unknown>): boolean {
  const pool = objectOf(policy.connectionPool);
  const http = objectOf(pool.http);
  return objectOf(pool.tcp).maxConnections !== undefined || http.http2MaxRequests !== undefined || http.http1MaxPendingRequests !== undefined;
}
