// SPDX-License-Identifier: Apache-2.0
/**
 * Routing external services through an Istio egress gateway (SP 800-204A SM-DR10), after Istio's
 * "Egress Gateways" and "Egress Gateways with TLS Origination" tasks, with Istio mTLS between the
 * callers' sidecars and the gateway so that the gateway knows who is calling:
 *
 * - TLS origination (`EgressTls.originate`): sidecar → gateway is HTTP inside Istio mTLS (Gateway
 *   server `HTTPS` + `ISTIO_MUTUAL`); the gateway originates TLS with the SAN checks of the
 *   origination DestinationRule.
 * - TLS the workload opens (TLS/HTTPS ports): the workload's TLS travels *inside* Istio mTLS (Gateway
 *   server `TLS` + `ISTIO_MUTUAL`, a `tcp` route onwards), so the gateway never decrypts it. Plain
 *   `PASSTHROUGH`, as in Istio's current task, would hide the caller's identity from the gateway:
 *   `principals` need a peer certificate (authz semantics b3), so no policy could tell callers apart.
 *
 * The sidecar selects the gateway server by the SNI its DestinationRule subset sets (the external
 * host), and pins the gateway's SPIFFE identity in `subjectAltNames` (secure naming).
 */
import { httpResilience } from '../resilience/resilience';
import {
  ISTIO_NETWORKING_API,
  type DestinationRuleSpec,
  type EgressAuthorizationPolicySpec,
  type EgressAuthorizationRule,
  type EgressVirtualServiceSpec,
  type IstioGatewayServer,
  type IstioGatewaySpec,
} from './egress-types';
import {
  egressAllowPolicyName,
  egressDenyPolicyName,
  egressGatewayHost,
  egressGatewayKey,
  egressGatewayObjectName,
  egressGatewayRef,
  egressRouteName,
  egressServerName,
  egressSubsetName,
} from './egress-names';
import { consumerNamespaces, externalKey, serviceEntry } from './service-entry';
import { compare } from '../access-rules';
import { ISTIO_SECURITY_API, type Manifest } from '../manifest';
import type { EgressGatewayModel, ExternalServiceModel } from '../../model/egress-model';
import { principal, spiffeId } from '../../model/identity';
import type { MeshModel } from '../../model/mesh-model';

/** Istio's reserved gateway name for "every sidecar of the mesh" in `gateways` and route matches. */
export const MESH_GATEWAY = 'mesh';

/** Condition key of the SNI the gateway received (HTTP and TCP alike, authz semantics b3). */
export const SNI_KEY = 'connection.sni';

/** The external services routed through `gateway`, in a stable order. */
export function routedExternals(mesh: MeshModel, gateway: Pick<EgressGatewayModel, 'namespace' | 'serviceName'>): ExternalServiceModel[] {
  const key = egressGatewayKey(gateway);
  return mesh.externalServices
    .filter((e) => e.egressGateway !== undefined && egressGatewayKey(e.egressGateway) === key)
    .sort((a, b) => compare(externalKey(a), externalKey(b)));
}

/** Principals of the mesh services that declared `allowEgressTo(ext)`, sorted. */
export function callerPrincipals(mesh: MeshModel, ext: ExternalServiceModel): string[] {
  const key = externalKey(ext);
  return [...new Set(mesh.services.filter((s) => s.egress.includes(key)).map((s) => principal(mesh.trustDomain, s.identity)))].sort(compare);
}

/**
 * The Istio `Gateway` selecting the egress gateway's pods: one server per port of each routed
 * external service, on the same port of the gateway's Service, terminating Istio mTLS for exactly
 * the service's hosts (bindable only by VirtualServices of its namespace).
 */
export function egressGateway(mesh: MeshModel, gateway: EgressGatewayModel): Manifest<IstioGatewaySpec> {
  const servers: IstioGatewayServer[] = routedExternals(mesh, gateway).flatMap((ext) => ext.ports.map((p) => {
    const protocol = ext.tlsOrigination ? 'HTTPS' as const : 'TLS' as const;
    return {
      port: { number: p.port, name: egressServerName(ext, protocol, p.port), protocol },
      hosts: ext.hosts.map((h) => `${ext.namespace}/${h}`),
      tls: { mode: 'ISTIO_MUTUAL' as const },
    };
  }));
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'Gateway',
    metadata: { name: egressGatewayObjectName(gateway), namespace: gateway.namespace },
    spec: {
      selector: { ...gateway.selector },
      servers: servers.sort((a, b) => a.port.number - b.port.number || compare(a.port.name, b.port.name)),
    },
  };
}

/**
 * How callers' sidecars reach the gateway: one subset per host of each routed external service,
 * Istio mTLS (`ISTIO_MUTUAL`) on each of its ports, with the host as SNI (the gateway picks its
 * server by it) and the gateway's SPIFFE id as the only accepted identity. In the gateway's
 * namespace (the Service's: found on Istio's DestinationRule lookup path for every caller),
 * exported only to the callers' namespaces.
 */
export function egressGatewayRule(mesh: MeshModel, gateway: EgressGatewayModel): Manifest<DestinationRuleSpec> {
  const routed = routedExternals(mesh, gateway);
  const identity = spiffeId(mesh.trustDomain, { namespace: gateway.namespace, serviceAccount: gateway.serviceAccount });
  const callers = [...new Set(routed.flatMap((ext) => consumerNamespaces(mesh, ext)))].sort(compare);
  const subsets = routed.flatMap((ext) => ext.hosts.map((sni, i) => ({
    name: egressSubsetName(ext, i),
    trafficPolicy: {
      portLevelSettings: ext.ports.map((p) => ({ port: { number: p.port }, tls: { mode: 'ISTIO_MUTUAL' as const, sni, subjectAltNames: [identity] } })),
    },
  })));
  return {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'DestinationRule',
    metadata: { name: egressGatewayObjectName(gateway), namespace: gateway.namespace },
    spec: {
      host: egressGatewayHost(gateway, mesh.clusterDomain),
      // Nobody calls yet: visible in the gateway's namespace only ("." — an empty list would mean everywhere).
      exportTo: callers.length ? callers : ['.'],
      subsets: subsets.sort((a, b) => compare(a.name, b.name)),
    },
  };
}

/**
 * The two hops of one host of an external service routed through the egress gateway: every
 * sidecar (`mesh`) sends to the gateway's subset for the host, and the gateway forwards to the
 * external host (an `http` route after TLS origination, a `tcp` route for the workload's own TLS).
 * Exported wherever the ServiceEntry is, so no namespace that sees the host can reach it directly.
 */
export function egressRoutes(mesh: MeshModel, ext: ExternalServiceModel): Manifest<EgressVirtualServiceSpec>[] {
  const gateway = ext.egressGateway;
  if (!gateway) return [];
  const ref = egressGatewayRef(gateway);
  const gatewayHost = egressGatewayHost(gateway, mesh.clusterDomain);
  const exportTo = serviceEntry(mesh, ext).spec!.exportTo;
  return ext.hosts.map((host, i) => {
    const toGateway = (port: number) => [{ destination: { host: gatewayHost, subset: egressSubsetName(ext, i), port: { number: port } } }];
    const toExternal = (port: number) => [{ destination: { host, port: { number: port } } }];
    const routes: Pick<EgressVirtualServiceSpec, 'http' | 'tls' | 'tcp'> = ext.tlsOrigination
      ? {
        http: ext.ports.flatMap((p) => [
          { match: [{ gateways: [MESH_GATEWAY], port: p.port }], route: toGateway(p.port), ...httpResilience(ext.resilience) },
          { match: [{ gateways: [ref], port: p.port }], route: toExternal(p.port) },
        ]),
      }
      : {
        tls: ext.ports.map((p) => ({ match: [{ gateways: [MESH_GATEWAY], port: p.port, sniHosts: [host] }], route: toGateway(p.port) })),
        tcp: ext.ports.map((p) => ({ match: [{ gateways: [ref], port: p.port }], route: toExternal(p.port) })),
      };
    return {
      apiVersion: ISTIO_NETWORKING_API,
      kind: 'VirtualService',
      metadata: { name: egressRouteName(ext, i), namespace: ext.namespace },
      spec: { hosts: [host], gateways: [MESH_GATEWAY, ref].sort(compare), exportTo, ...routes },
    };
  });
}

/**
 * The gateway's ALLOW policy (SM-DR10): per routed external service, only the principals of the
 * services that declared `allowEgressTo` it — for its hosts (`hosts` on the HTTP chain after TLS
 * origination, the SNI on the TCP chain of the workload's TLS, where `hosts` would drop the whole
 * rule: b4). With no caller at all it has no rules and admits nothing.
 */
export function egressAllowPolicy(mesh: MeshModel, gateway: EgressGatewayModel): Manifest<EgressAuthorizationPolicySpec> {
  const rules: EgressAuthorizationRule[] = [];
  for (const ext of routedExternals(mesh, gateway)) {
    const principals = callerPrincipals(mesh, ext);
    if (principals.length === 0) continue;
    const hosts = [...ext.hosts].sort(compare);
    rules.push({
      from: [{ source: { principals } }],
      ...(ext.tlsOrigination
        // `:authority` may carry a port; both forms name the same host.
        ? { to: [{ operation: { hosts: hosts.flatMap((h) => [h, `${h}:*`]).sort(compare) } }] }
        : { when: [{ key: SNI_KEY, values: hosts }] }),
    });
  }
  return policy(gateway, egressAllowPolicyName(gateway), 'ALLOW', rules);
}

/**
 * The gateway's DENY policy: whatever other ALLOW policy the platform attaches to the gateway,
 * nobody but the declared callers gets through for the hosts of a routed external service (DENY
 * is evaluated before ALLOW). Matches on the SNI only, never on an HTTP-only attribute, which
 * would widen the rule to all TCP traffic (b4). Plaintext peers never match `notPrincipals`'
 * negation, so they are denied too (b3).
 */
export function egressDenyPolicy(mesh: MeshModel, gateway: EgressGatewayModel): Manifest<EgressAuthorizationPolicySpec> {
  const rules: EgressAuthorizationRule[] = routedExternals(mesh, gateway).map((ext) => {
    const principals = callerPrincipals(mesh, ext);
    return {
      ...(principals.length ? { from: [{ source: { notPrincipals: principals } }] } : {}),
      when: [{ key: SNI_KEY, values: [...ext.hosts].sort(compare) }],
    };
  });
  return policy(gateway, egressDenyPolicyName(gateway), 'DENY', rules);
}

function policy(gateway: EgressGatewayModel, name: string, action: 'ALLOW' | 'DENY', rules: EgressAuthorizationRule[]): Manifest<EgressAuthorizationPolicySpec> {
  const sorted = [...rules].sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: gateway.namespace },
    spec: { selector: { matchLabels: { ...gateway.selector } }, action, ...(sorted.length ? { rules: sorted } : {}) },
  };
}

/**
 * Hosts of `ext` (routed through an egress gateway) that another external service also declares:
 * two ServiceEntries and routes for one host would let Istio pick either, so traffic could bypass
 * the gateway or reach the other service's ports under this one's permission.
 */
export function sharedEgressHosts(mesh: MeshModel, ext: ExternalServiceModel): { host: string; other: ExternalServiceModel }[] {
  if (!ext.egressGateway) return [];
  const out: { host: string; other: ExternalServiceModel }[] = [];
  for (const other of mesh.externalServices) {
    if (other === ext || externalKey(other) === externalKey(ext)) continue;
    for (const host of ext.hosts) if (other.hosts.includes(host)) out.push({ host, other });
  }
  return out;
}
