// SPDX-License-Identifier: Apache-2.0
/**
 * Small meshes for the engine's unit tests, written as plain Kubernetes objects (the engine reads
 * manifests, not the SDK), and a terse way to ask about one request.
 */
import { AuthorizationEngine, type AuthorizationEngineOptions } from '../../../lib/analyze/authz/authorization-engine';
import type { AccessDecision, AccessRequest, ChainStep, RequestJwt } from '../../../lib/analyze/authz/types';
import { Inventory } from '../../../lib/analyze/inventory';

type Obj = Record<string, unknown>;

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A sidecar namespace (`istio-injection: enabled`). */
export function sidecarNamespace(name: string): Obj {
  return namespace(name, { 'istio-injection': 'enabled' });
}

/** Options of `app`. */
export interface AppOptions {
  readonly sa?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** Service ports; default one `http` port 8080. */
  readonly ports?: { name?: string; port: number; targetPort?: number | string; appProtocol?: string }[];
  readonly containerPorts?: { name?: string; containerPort: number }[];
  readonly serviceLabels?: Record<string, string>;
}

/** A Deployment `name` (pod label `app: name`) and its Service. */
export function app(ns: string, name: string, options: AppOptions = {}): Obj[] {
  const labels = { app: name, ...(options.labels ?? {}) };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels, ...(options.annotations ? { annotations: options.annotations } : {}) },
        spec: { serviceAccountName: options.sa ?? name, containers: [{ name, image: 'example', ports: options.containerPorts ?? [] }] },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, ...(options.serviceLabels ? { labels: options.serviceLabels } : {}) },
    spec: { selector: { app: name }, ports: options.ports ?? [{ name: 'http', port: 8080 }] },
  };
  return [deployment, service];
}

/** An AuthorizationPolicy. */
export function authz(ns: string, name: string, spec: Obj, annotations?: Record<string, string>): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, spec };
}

/** A PeerAuthentication. */
export function peerAuthn(ns: string, name: string, spec: Obj, creationTimestamp?: string): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec };
}

/** A RequestAuthentication. */
export function requestAuthn(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name, namespace: ns }, spec };
}

/** A Gateway API Gateway. */
export function gateway(ns: string, name: string, className: string, spec: Obj = {}, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: ns, labels }, spec: { gatewayClassName: className, ...spec } };
}

/** A waypoint Gateway. */
export function waypoint(ns: string, name = 'waypoint'): Obj {
  return gateway(ns, name, 'istio-waypoint', { listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] }, { 'istio.io/waypoint-for': 'service' });
}

/** The root namespace's `istio` ConfigMap with a mesh config. */
export function meshConfig(mesh: string): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh } };
}

/** Objects, possibly in nested lists. */
export type Objects = readonly (Obj | Objects)[];

/** The inventory of the objects (nested lists are flattened). */
export function inventoryOf(objects: Objects): Inventory {
  const flat: Obj[] = [];
  const walk = (xs: Objects) => xs.forEach((x) => (Array.isArray(x) ? walk(x as Objects) : flat.push(x as Obj)));
  walk(objects);
  return Inventory.fromObjects(flat.map((object) => ({ object })));
}

/** An engine over the objects (nested lists are flattened). */
export function engineOf(objects: Objects, options?: AuthorizationEngineOptions): AuthorizationEngine {
  return AuthorizationEngine.fromInventory(inventoryOf(objects), options);
}

/** A request in short form. */
export interface Ask {
  readonly from?: string;
  readonly principal?: string;
  readonly plaintext?: boolean;
  readonly ip?: string;
  /** `<service>.<namespace>:<port>`. */
  readonly to: string;
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: Record<string, string>;
  readonly jwt?: RequestJwt;
}

/** The request `ask` describes. */
export function request(a: Ask, id = 'r'): AccessRequest {
  const [svc, rest] = [a.to.slice(0, a.to.indexOf('.')), a.to.slice(a.to.indexOf('.') + 1)];
  const [ns, port] = rest.split(':');
  return {
    id,
    source: { ...(a.from ? { workload: a.from } : {}), ...(a.principal ? { principal: a.principal } : {}), ...(a.plaintext ? { plaintext: true } : {}), ...(a.ip ? { ip: a.ip } : {}) },
    destination: { service: svc, namespace: ns, port: Number(port) },
    ...(a.method ? { http: { method: a.method, path: a.path ?? '/', ...(a.host ? { host: a.host } : {}), ...(a.headers ? { headers: a.headers } : {}) } } : {}),
    ...(a.jwt ? { jwt: a.jwt } : {}),
  };
}

/** Decides one request. */
export function decide(engine: AuthorizationEngine, a: Ask): AccessDecision {
  return engine.decide(request(a));
}

/** The chain without detail: `[{ point, decision, policy?, rule? }]`. */
export function chainOf(d: AccessDecision): Omit<ChainStep, 'detail'>[] {
  return d.chain.map(({ detail: _detail, ...rest }) => rest);
}

/** The last step (the deciding one). */
export function last(d: AccessDecision): ChainStep {
  return d.chain[d.chain.length - 1];
}

/** `ns[ns]-policy[name]-rule[i]`. */
export function rule(ns: string, name: string, i: number): string {
  return `ns[${ns}]-policy[${name}]-rule[${i}]`;
}

/** Every note of every step, joined (for `toContain`/`toMatch`). */
export function notesOf(d: AccessDecision): string {
  return d.chain.flatMap((s) => [s.detail?.reason ?? '', ...(s.detail?.notes ?? [])]).join('\n');
}
