// SPDX-License-Identifier: Apache-2.0
/**
 * Shorthands for writing mesh intents and requests by hand (hand-picked.ts): a service in one
 * line with the usual risk profile of its proxy model, ports, peers and sources.
 */
import type { JwtIntent, ModelChoice, PortIntent, RequestIntent, RiskChoice, RuleIntent, ServiceIntent, SourceIntent } from './mesh-intent';

const RISK: Readonly<Record<ModelChoice, RiskChoice>> = {
  'sidecar': 'high', 'ambient': 'medium', 'ambient-waypoint': 'medium', 'ambient-namespace-waypoint': 'medium', 'proxyless': 'medium', 'shared-node': 'low',
};

/** A service `<namespace>/<name>` on `model`. */
export function svc(key: string, model: ModelChoice, ports: PortIntent[], rules: RuleIntent[] = [], extra: Partial<ServiceIntent> = {}): ServiceIntent {
  const [namespace, name] = key.split('/');
  return { name, namespace, model, risk: RISK[model], ports, rules, ...extra };
}
/** An HTTP port. */
export const http = (port: number, targetPort?: number): PortIntent => ({ port, protocol: 'http', ...(targetPort ? { targetPort } : {}) });
/** A TCP port. */
export const tcp = (port: number): PortIntent => ({ port, protocol: 'tcp' });
/** A gRPC port. */
export const grpc = (port: number, targetPort?: number): PortIntent => ({ port, protocol: 'grpc', ...(targetPort ? { targetPort } : {}) });
/** The workload of a service as the source. */
export const from = (service: string): SourceIntent => ({ kind: 'workload', service });
/** An mTLS principal of the mesh's trust domain as the source. */
export const principal = (namespace: string, serviceAccount: string): SourceIntent => ({ kind: 'principal', namespace, serviceAccount });
/** A source without mesh identity. */
export const PLAINTEXT: SourceIntent = { kind: 'plaintext' };
/** A mesh service as a rule's peer. */
export const peer = (service: string) => ({ kind: 'service' as const, service });
/** `Peer.namespace`. */
export const ns = (namespace: string) => ({ kind: 'namespace' as const, namespace });
/** `Peer.anyAuthenticated()`. */
export const ANY_AUTH = { kind: 'anyAuthenticated' as const };
/** `Peer.anyone()`. */
export const ANYONE = { kind: 'anyone' as const };

/** A request; `call` is `METHOD /path` for HTTP ports, omitted for TCP. */
export function req(source: SourceIntent, destination: string, port: number, call?: string, jwt?: JwtIntent): RequestIntent {
  const [method, path] = call ? call.split(' ') : [];
  return { source, destination, port, ...(call ? { http: { method, path } } : {}), ...(jwt ? { jwt } : {}) };
}
