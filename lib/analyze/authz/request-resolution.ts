// SPDX-License-Identifier: Apache-2.0
/**
 * Turns a request of DESIGN.md decision 10 into what the enforcement points see: who the
 * source is (its identity and whether it speaks Istio mTLS), which Service and port it calls,
 * the container port behind it and the port's protocol. Bad references are `AuthzInputError`s
 * that name the request, the value and what is expected.
 */
import type { Inventory } from '../inventory';
import { AuthzInputError } from './authz-input-error';
import type { CiliumPeer } from './cilium-evaluator';
import { ciliumEndpointLabels as endpointLabels } from '../label-selector';
import type { PeerIdentity } from './field-matcher';
import type { ChainProtocol } from './hop-translation';
import { parseIp } from './ip-match';
import type { Endpoint, MeshTopology, ServicePort, ServiceTarget } from './mesh-topology';
import type { AccessRequest } from './types';

/** The source of a request, resolved. */
export interface ResolvedSource {
  /** `workload shop/cart`, `principal …`, `plaintext peer 10.0.0.1`. */
  readonly description: string;
  readonly endpoint?: Endpoint;
  /** The Istio mTLS identity it presents; undefined for plaintext. */
  readonly peer?: PeerIdentity;
  readonly ip?: string;
  /** The source as Cilium sees it. */
  readonly cilium: CiliumPeer;
  /** Why the source is plaintext, when it is a workload. */
  readonly plaintextReason?: string;
}

/** Data planes whose workloads present an Istio mTLS identity. */
const ISTIO_KINDS = new Set(['sidecar', 'ambient', 'proxyless', 'gateway']);

/** Checks the request's shape (the engine's API takes plain objects from any caller). */
export function validateRequest(req: AccessRequest): void {
  const id = typeof req?.id === 'string' && req.id !== '' ? req.id : undefined;
  const where = id === undefined ? 'request' : `request "${id}"`;
  if (id === undefined) throw new AuthzInputError('request without id: expected a non-empty string id');
  const s = req.source ?? {};
  const forms = [s.workload !== undefined, s.principal !== undefined, s.plaintext === true].filter(Boolean).length;
  if (forms !== 1) throw new AuthzInputError(`${where}: source must have exactly one of workload, principal or plaintext: true`);
  if (s.ip !== undefined && (typeof s.ip !== 'string' || !parseIp(s.ip))) throw new AuthzInputError(`${where}: source.ip "${String(s.ip)}" is not an IPv4 or IPv6 address`);
  const d = req.destination;
  if (!d || typeof d.service !== 'string' || d.service === '' || typeof d.namespace !== 'string' || d.namespace === '') {
    throw new AuthzInputError(`${where}: destination needs service and namespace (non-empty strings)`);
  }
  if (!Number.isInteger(d.port) || d.port < 1 || d.port > 65535) throw new AuthzInputError(`${where}: destination.port "${String(d.port)}" is not a port number (1-65535)`);
  if (req.http !== undefined && (typeof req.http.method !== 'string' || req.http.method === '' || typeof req.http.path !== 'string' || !req.http.path.startsWith('/'))) {
    throw new AuthzInputError(`${where}: http needs a method and a path starting with /`);
  }
  if (req.jwt !== undefined && (typeof req.jwt.iss !== 'string' || req.jwt.iss === '' || typeof req.jwt.sub !== 'string')) {
    throw new AuthzInputError(`${where}: jwt needs iss (non-empty) and sub`);
  }
}

/** Resolves the source: a workload of the manifests, a principal, or a plaintext peer. */
export function resolveSource(req: AccessRequest, topology: MeshTopology, inventory: Inventory): ResolvedSource {
  const s = req.source;
  const ip = s.ip;
  const withIp = ip !== undefined ? { ip } : {};
  if (s.workload !== undefined) {
    const slash = s.workload.indexOf('/');
    const e = slash > 0 ? topology.endpoint(s.workload.slice(0, slash), s.workload.slice(slash + 1)) : undefined;
    if (!e) {
      throw new AuthzInputError(`request "${req.id}": unknown workload "${s.workload}" in source.workload: expected <namespace>/<name> of a Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod in the manifests (or of a Gateway API gateway)`);
    }
    const principal = topology.principalOf(e);
    const labels = endpointLabels(e.namespace, e.serviceAccount, e.podLabels, inventory.namespaceLabels(e.namespace));
    const cilium: CiliumPeer = { labels, authenticated: true, ...withIp };
    if (!ISTIO_KINDS.has(e.kind)) {
      const why = e.kind === 'sharedNode' ? 'it runs on the Cilium shared node data plane, without an Istio certificate' : `it is not in the mesh (${e.evidence})`;
      return { description: `workload ${s.workload}`, endpoint: e, cilium, ...withIp, plaintextReason: `the source ${s.workload} sends plaintext: ${why}` };
    }
    return { description: `workload ${s.workload}`, endpoint: e, peer: identity(principal)!, cilium, ...withIp };
  }
  if (s.principal !== undefined) {
    const peer = identity(s.principal.replace(/^spiffe:\/\//, ''));
    if (!peer) throw new AuthzInputError(`request "${req.id}": source.principal "${s.principal}" is not an identity: expected <trust domain>/ns/<namespace>/sa/<service account>`);
    const labels: Record<string, string> = { 'io.kubernetes.pod.namespace': peer.namespace!, 'io.cilium.k8s.policy.serviceaccount': peer.serviceAccount! };
    return { description: `principal ${peer.principal}`, peer, cilium: { labels, authenticated: true, ...withIp }, ...withIp };
  }
  return { description: `plaintext peer${ip !== undefined ? ` ${ip}` : ''}`, cilium: { authenticated: false, ...withIp }, ...withIp };
}

/** Parses `<td>/ns/<ns>/sa/<sa>`. */
export function identity(principal: string): PeerIdentity | undefined {
  const m = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  if (!m) return undefined;
  return { principal, trustDomain: m[1], namespace: m[2], serviceAccount: m[3] };
}

/** Resolves the destination Service and port. */
export function resolveDestination(req: AccessRequest, topology: MeshTopology): { readonly service: ServiceTarget; readonly port: ServicePort } {
  const d = req.destination;
  const service = topology.service(d.namespace, d.service);
  if (!service) throw new AuthzInputError(`request "${req.id}": unknown service "${d.service}" in namespace "${d.namespace}": expected a Service of the manifests (or <gateway>-istio for a Gateway API gateway)`);
  const port = service.ports.find((p) => p.port === d.port);
  if (!port) {
    throw new AuthzInputError(`request "${req.id}": service ${d.namespace}/${d.service} has no port ${d.port}: expected one of ${service.ports.map((p) => p.port).join(', ') || '(none)'}`);
  }
  return { service, port };
}

/** The container port a Service port reaches on an endpoint (a named targetPort is looked up in the pod). */
export function targetPortOf(port: ServicePort, endpoint: Endpoint): number {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (typeof port.targetPort === 'string') {
    if (/^\d+$/.test(port.targetPort)) return Number(port.targetPort);
    const named = endpoint.containerPorts.find((c) => c.name === port.targetPort);
    if (named) return named.port;
  }
  return port.port;
}

/**
 * The protocol of a port as Istio selects it: `appProtocol`, else the name prefix
 * (`http-…`, `grpc`, `tcp-…`); undefined when neither says (Istio sniffs the traffic).
 */
export function protocolOfName(value: string | undefined): ChainProtocol | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  const prefix = v.startsWith('kubernetes.io/') ? v : v.split('-')[0];
  if (['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'kubernetes.io/h2c', 'kubernetes.io/ws'].includes(prefix)) return 'HTTP';
  if (['https', 'tls', 'tcp', 'mongo', 'mysql', 'redis', 'udp', 'kubernetes.io/wss', 'hbone'].includes(prefix)) return 'TCP';
  return undefined;
}
