// SPDX-License-Identifier: Apache-2.0
/**
 * What the engine needs to know about the mesh beyond policies: the endpoints behind a Service
 * and their data plane, the gateways Istio deploys for Gateway API `Gateway`s (absent from the
 * manifests: a class-`istio` gateway runs as `<name>-istio`, a waypoint as `<name>`, semantics
 * §b6), which waypoint a Service uses, the trust domain, and each port's protocol.
 */
import type { DataPlaneKind, Inventory, ServiceInfo, Workload } from '../inventory';
import { type InventoryEntry, apiGroup, arrayOf, objectOf, stringMap } from '../manifest-object';
import { WAYPOINT_CLASS } from './policy-index';

/** The data plane of an endpoint as the engine models it: a gateway is its own kind. */
export type EndpointKind = DataPlaneKind | 'gateway';

/** A destination or source workload. */
export interface Endpoint {
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly kind: EndpointKind;
  /** Why `kind`, for notes. */
  readonly evidence: string;
  /** `gateway.networking.k8s.io/gateway-name` of a Gateway API gateway. */
  readonly gatewayName?: string;
  readonly containerPorts: readonly { readonly name?: string; readonly port: number }[];
}

/** A Service port. */
export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly appProtocol?: string;
}

/** A Service the engine can send requests to (a manifest Service, or a deployed gateway's). */
export interface ServiceTarget {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  /** The manifest Service; undefined for a gateway's generated Service. */
  readonly info?: ServiceInfo;
  /** A generated gateway Service: its endpoint. */
  readonly gateway?: Endpoint;
  /** A generated gateway Service: protocol per listener port. */
  readonly listenerProtocols?: ReadonlyMap<number, string>;
}

/** A waypoint (`gatewayClassName: istio-waypoint`). */
export interface Waypoint {
  readonly namespace: string;
  readonly name: string;
  /** Istio deploys it as ServiceAccount `<name>`. */
  readonly serviceAccount: string;
  /** `istio.io/waypoint-for`, default `service`. */
  readonly waypointFor: string;
}

const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
const WAYPOINT_CLASSES = new Set([WAYPOINT_CLASS, 'istio-agentgateway-waypoint']);

/** Endpoints, services, gateways and waypoints of an inventory. */
export class MeshTopology {
  /** The mesh's trust domain and its aliases (first is the mesh's own). */
  public readonly trustDomains: readonly string[];
  private readonly endpointsByName = new Map<string, Endpoint>();
  private readonly gatewayServices = new Map<string, ServiceTarget>();
  private readonly waypoints = new Map<string, Waypoint>();
  private readonly endpointOf = new Map<Workload, Endpoint>();

  constructor(private readonly inventory: Inventory, trustDomain?: string) {
    const mesh = inventory.meshConfig() ?? {};
    const td = trustDomain ?? (typeof mesh.trustDomain === 'string' && mesh.trustDomain !== '' ? mesh.trustDomain : 'cluster.local');
    const aliases = arrayOf(mesh.trustDomainAliases).filter((a): a is string => typeof a === 'string' && a !== td);
    this.trustDomains = [td, ...aliases];
    for (const w of inventory.workloads) {
      const e = this.toEndpoint(w);
      this.endpointOf.set(w, e);
      const key = `${w.namespace}/${w.name}`;
      if (!this.endpointsByName.has(key)) this.endpointsByName.set(key, e);
    }
    for (const gw of inventory.ofKind('Gateway', 'gateway.networking.k8s.io')) this.addGateway(gw);
  }

  /** The mesh's trust domain. */
  public get trustDomain(): string {
    return this.trustDomains[0];
  }

  /** The workload `namespace/name` (a gateway Istio deploys also answers to `<gateway>-<class>`). */
  public endpoint(namespace: string, name: string): Endpoint | undefined {
    return this.endpointsByName.get(`${namespace}/${name}`);
  }

  /** The Service `name` in `namespace`, or a deployed gateway's generated Service. */
  public service(namespace: string, name: string): ServiceTarget | undefined {
    const info = this.inventory.serviceNamed(`${name}.${namespace}`, namespace);
    if (info && info.name === name && info.namespace === namespace) {
      return { namespace, name, labels: stringMap(info.entry.object.metadata?.labels), ports: info.ports, info };
    }
    return this.gatewayServices.get(`${namespace}/${name}`);
  }

  /** The endpoints behind a Service, sorted by namespace/name. */
  public endpointsOf(service: ServiceTarget): Endpoint[] {
    if (service.gateway) return [service.gateway];
    if (!service.info) return [];
    return this.inventory.workloadsOf(service.info).map((w) => this.endpointOf.get(w)!).sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  }

  /** The identity of an endpoint. */
  public principalOf(e: { readonly namespace: string; readonly serviceAccount: string }): string {
    return `${this.trustDomain}/ns/${e.namespace}/sa/${e.serviceAccount}`;
  }

  /**
   * The waypoint that service-addressed traffic to `service` goes through: the Service's
   * `istio.io/use-waypoint` label, else its namespace's (`none` opts out;
   * `istio.io/use-waypoint-namespace` names another namespace). `missing` explains a label
   * whose waypoint cannot take the traffic.
   */
  public waypointFor(service: ServiceTarget): { readonly waypoint?: Waypoint; readonly missing?: string } {
    const nsLabels = this.inventory.namespaceLabels(service.namespace);
    const own = service.labels['istio.io/use-waypoint'];
    const name = own ?? nsLabels['istio.io/use-waypoint'];
    if (name === undefined || name === 'none' || name === '') return {};
    const wns = (own !== undefined ? service.labels['istio.io/use-waypoint-namespace'] : nsLabels['istio.io/use-waypoint-namespace']) ?? service.namespace;
    const waypoint = this.waypoints.get(`${wns}/${name}`);
    if (!waypoint) return { missing: `waypoint ${wns}/${name} is not in the manifests, so traffic skips it (b6)` };
    if (waypoint.waypointFor !== 'service' && waypoint.waypointFor !== 'all') {
      return { missing: `waypoint ${wns}/${name} has istio.io/waypoint-for: ${waypoint.waypointFor}, so service traffic skips it (b6)` };
    }
    return { waypoint };
  }

  /** The Istio `Gateway` (networking.istio.io) server protocol for a gateway endpoint's port, if one is configured. */
  public gatewayServerProtocol(e: Endpoint, servicePort: number, targetPort: number): string | undefined {
    for (const gw of this.inventory.ofKind('Gateway', 'networking.istio.io')) {
      const spec = objectOf(gw.object.spec);
      const selector = stringMap(spec.selector);
      if (!Object.entries(selector).every(([k, v]) => e.podLabels[k] === v)) continue;
      for (const server of arrayOf(spec.servers).map(objectOf)) {
        const port = objectOf(server.port);
        if (Number(port.number) !== servicePort && Number(port.number) !== targetPort) continue;
        const protocol = String(port.protocol ?? '').toUpperCase();
        const passthrough = objectOf(server.tls).mode === 'PASSTHROUGH' || objectOf(server.tls).mode === 'AUTO_PASSTHROUGH';
        return protocol === 'HTTPS' && passthrough ? 'tls' : protocol.toLowerCase();
      }
    }
    return undefined;
  }

  private toEndpoint(w: Workload): Endpoint {
    const containerPorts = arrayOf(w.podSpec.containers).flatMap((c) => arrayOf(objectOf(c).ports).map(objectOf))
      .filter((p) => typeof p.containerPort === 'number')
      .map((p) => ({ ...(typeof p.name === 'string' ? { name: p.name } : {}), port: p.containerPort as number }));
    const gatewayName = w.podLabels[GATEWAY_NAME];
    const templates = (w.podAnnotations['inject.istio.io/templates'] ?? '').split(',').map((t) => t.trim());
    const gateway = gatewayName !== undefined ? `pod label ${GATEWAY_NAME}=${gatewayName}`
      : w.podLabels.istio === 'ingressgateway' || w.podLabels.istio === 'egressgateway' ? `pod label istio=${w.podLabels.istio}`
        : templates.includes('gateway') ? 'annotation inject.istio.io/templates=gateway' : undefined;
    const dp = this.inventory.dataPlaneOf(w);
    return {
      namespace: w.namespace,
      name: w.name,
      serviceAccount: w.serviceAccount,
      podLabels: w.podLabels,
      kind: gateway !== undefined ? 'gateway' : dp.kind,
      evidence: gateway ?? dp.evidence,
      ...(gatewayName !== undefined ? { gatewayName } : {}),
      containerPorts,
    };
  }

  private addGateway(gw: InventoryEntry): void {
    if (apiGroup(gw.ref.apiVersion) !== 'gateway.networking.k8s.io') return;
    const spec = objectOf(gw.object.spec);
    const className = typeof spec.gatewayClassName === 'string' ? spec.gatewayClassName : '';
    const namespace = gw.ref.namespace ?? 'default';
    const name = gw.ref.name;
    const labels = stringMap(gw.object.metadata?.labels);
    if (WAYPOINT_CLASSES.has(className)) {
      this.waypoints.set(`${namespace}/${name}`, { namespace, name, serviceAccount: name, waypointFor: labels['istio.io/waypoint-for'] ?? 'service' });
      return;
    }
    // A deployment in the manifests carries the gateway itself; otherwise Istio deploys `<name>-<class>`.
    if (this.inventory.workloads.some((w) => w.namespace === namespace && w.podLabels[GATEWAY_NAME] === name)) return;
    const deployed = `${name}-${className}`;
    const listeners = arrayOf(spec.listeners).map(objectOf).filter((l) => typeof l.port === 'number');
    const endpoint: Endpoint = {
      namespace,
      name: deployed,
      serviceAccount: deployed,
      podLabels: { ...stringMap(objectOf(spec.infrastructure).labels), [GATEWAY_NAME]: name },
      kind: 'gateway',
      evidence: `Gateway ${namespace}/${name} (class ${className}), deployed by Istio as ${deployed}`,
      gatewayName: name,
      containerPorts: listeners.map((l) => ({ port: l.port as number })),
    };
    this.endpointsByName.set(`${namespace}/${deployed}`, endpoint);
    if (!this.endpointsByName.has(`${namespace}/${name}`)) this.endpointsByName.set(`${namespace}/${name}`, endpoint);
    const protocols = new Map<number, string>();
    for (const l of listeners) if (!protocols.has(l.port as number)) protocols.set(l.port as number, String(l.protocol ?? '').toLowerCase());
    this.gatewayServices.set(`${namespace}/${deployed}`, {
      namespace,
      name: deployed,
      labels: {},
      ports: [...protocols.keys()].sort((a, b) => a - b).map((port) => ({ port, targetPort: port })),
      gateway: endpoint,
      listenerProtocols: protocols,
    });
  }
}

/** `a` before `b`, by code points. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
