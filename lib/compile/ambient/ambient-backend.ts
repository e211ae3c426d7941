// SPDX-License-Identifier: Apache-2.0
import type { MeshBackend, ObjectSlot } from '../backend';
import { FEATURES, type Capabilities, type Feature } from '../capabilities';
import { groupRules } from '../access-rules';
import { istioPolicies, istioPolicySlots } from '../istio-policies';
import { ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest } from '../manifest';
import { principal } from '../../model/identity';
import type { MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Gateway API group and version of the waypoint. */
export const GATEWAY_API = 'gateway.networking.k8s.io/v1';

/** Name of the namespace's shared waypoint (also its ServiceAccount). Part of the output contract. */
export const NAMESPACE_WAYPOINT = 'waypoint';

/**
 * Name of the waypoint serving a service (also its ServiceAccount, hence its identity):
 * `<service>-waypoint`, or the namespace's shared `waypoint`. Part of the output contract.
 */
export function waypointName(service: Pick<ServiceModel, 'name' | 'namespaceWaypoint'>): string {
  return service.namespaceWaypoint ? NAMESPACE_WAYPOINT : `${service.name}-waypoint`;
}

/** The waypoint Gateway (class `istio-waypoint`, HBONE on 15008). */
export function waypointGateway(name: string, namespace: string): Manifest {
  return {
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: { name, namespace, labels: WAYPOINT_LABELS },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
}

/** Name of the ztunnel policy that admits only the waypoint. Part of the output contract. */
export function ztunnelPolicyName(service: ServiceModel): string {
  return `${service.name}-ztunnel`;
}

/** The waypoint serves traffic addressed to the service (Istio's default, written out). */
const WAYPOINT_LABELS = { 'istio.io/waypoint-for': 'service' };

const FIX_WAYPOINT = 'add a waypoint: proxyModel: ProxyModel.ambient({ waypoint: true })';
const L7_ONLY: readonly Feature[] = ['allow-l7', 'deny-l7', 'end-user', 'require-end-user', 'header-prefix', 'exclude-paths', 'audit', 'custom', 'dry-run', 'resilience'];
const NO_EGRESS = {
  reason: 'ambient workloads are not governed by the Sidecar resource, so REGISTRY_ONLY and the declared egress hosts are not enforced for them (egress waypoints are not modelled)',
  fix: 'run services that call external services on sidecars',
};

/** ztunnel alone: L4 only (istio-authz-semantics §b6: L7 rules are dropped or weakened, CUSTOM/AUDIT ignored, dry-run needs a flag). */
const ZTUNNEL: Capabilities = Object.fromEntries(FEATURES.map((f) => [f.id, L7_ONLY.includes(f.id)
  ? { reason: 'ztunnel enforces L4 only: it drops ALLOW rules with L7 attributes, weakens such DENY rules, ignores AUDIT and CUSTOM, and ignores dry-run policies', fix: FIX_WAYPOINT }
  : f.id === 'egress' ? NO_EGRESS : true])) as unknown as Capabilities;

/** Waypoint (Envoy) for L7, ztunnel for L4. */
const WAYPOINT: Capabilities = Object.fromEntries(FEATURES.map((f) => [f.id, f.id === 'egress' ? NO_EGRESS : true])) as unknown as Capabilities;

/**
 * SP 800-233 ambient model. Without a waypoint, policies attach to the pods with `selector` and
 * ztunnel enforces them (L4 only). With a waypoint (a Gateway of class `istio-waypoint` named
 * `<service>-waypoint`, bound with `istio.io/use-waypoint`), the L7 policies attach to the Service
 * with `targetRefs` and run in the waypoint, and a ztunnel policy `<service>-ztunnel` admits only
 * the waypoint's identity, so no client can reach the pods around the L7 checks.
 */
export class AmbientBackend implements MeshBackend {
  public readonly kind = 'ambient' as const;
  public readonly presentsMeshIdentity = true;

  public capabilities(waypoint: boolean): Capabilities {
    return waypoint ? WAYPOINT : ZTUNNEL;
  }

  public namespaceLabels(): Readonly<Record<string, string>> {
    return { 'istio.io/dataplane-mode': 'ambient' };
  }

  public podLabels(): Readonly<Record<string, string>> {
    // Explicit on the pod, so a namespace that also holds sidecar services never injects one here.
    return { 'istio.io/dataplane-mode': 'ambient', 'sidecar.istio.io/inject': 'false' };
  }

  public podAnnotations(): Readonly<Record<string, string>> {
    return {};
  }

  public serviceProblem(): undefined {
    return undefined;
  }

  public serviceLabels(service: ServiceModel): Readonly<Record<string, string>> {
    // Ingress gateways route through the waypoint too, so ztunnel's waypoint-only rule holds.
    return service.waypoint ? { 'istio.io/use-waypoint': waypointName(service), 'istio.io/ingress-use-waypoint': 'true' } : {};
  }

  public objectSlots(_mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    if (!service.waypoint) return istioPolicySlots(service);
    return [
      ...(service.namespaceWaypoint ? [] : [{ apiVersion: GATEWAY_API, kind: 'Gateway', name: waypointName(service), namespace: service.namespace, labels: WAYPOINT_LABELS }]),
      ...istioPolicySlots(service),
      ...(admitsAnyone(service) ? [{ apiVersion: ISTIO_SECURITY_API, kind: 'AuthorizationPolicy', name: ztunnelPolicyName(service), namespace: service.namespace }] : []),
    ];
  }

  public compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[] {
    if (!service.waypoint) return istioPolicies(mesh, service, { selector: service.selector });
    // A shared namespace waypoint is emitted once by the namespace, not by each service.
    const own = service.namespaceWaypoint ? [] : [waypointGateway(waypointName(service), service.namespace)];
    const out: Manifest[] = [...own, ...istioPolicies(mesh, service, { targetService: service.name })];
    if (admitsAnyone(service)) out.push(ztunnelAdmitsWaypoint(mesh, service));
    return out;
  }
}

/**
 * Whether the waypoint has an enforced ALLOW rule. Only then does ztunnel admit the waypoint:
 * with no waypoint ALLOW policy the waypoint would let everything through, and the namespace's
 * allow-nothing (enforced by ztunnel) must keep denying.
 */
function admitsAnyone(service: ServiceModel): boolean {
  return groupRules(service).some((g) => g.action === 'ALLOW' && !g.dryRun);
}

/** ztunnel ALLOW: only the waypoint's identity reaches the pods (anti-bypass, istio.io#17520). */
function ztunnelAdmitsWaypoint(mesh: MeshModel, service: ServiceModel): Manifest<AuthorizationPolicySpec> {
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: ztunnelPolicyName(service), namespace: service.namespace },
    spec: {
      selector: { matchLabels: { ...service.selector } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: [principal(mesh.trustDomain, { namespace: service.namespace, serviceAccount: waypointName(service) })] } }] }],
    },
  };
}
