// SPDX-License-Identifier: Apache-2.0
import { serviceFqdn } from './host-match';
import { destinationRulesFor, hasConnectionLimits, hasOutlierDetection, trafficPolicyHas } from './resilience-helpers';
import { RISK_ORDER } from '../../../analyze/inventory';
import type { RiskLevel } from '../../../model/mesh-model';
import { type MeshRule, type Outcome, compliant, expectedObject, violation } from '../../rule';

/** Why a data plane without an Envoy in the request path cannot apply a DestinationRule's circuit breaking. */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  ambient: 'the ambient model without a waypoint (ztunnel applies no DestinationRule traffic policy)',
  sharedNode: 'a shared node proxy (Cilium applies no Istio DestinationRule)',
  proxyless: 'proxyless gRPC (Istio\'s gRPC generator passes only the TLS and load-balancing settings of a DestinationRule to gRPC clients)',
};

/** MS-SS-6, SM-DR26: every service has circuit breaking (outlier detection and connection-pool limits) in the proxy. */
export const SERVICE_RESILIENCE: MeshRule = {
  id: 'MESH-RES-01',
  title: 'Every mesh service behind an Envoy proxy has outlier detection and connection-pool limits in its DestinationRule',
  rationale: 'Circuit breaking in the proxy ejects failing endpoints and caps the load each caller can put on a service, so one failing or '
    + 'overloaded service does not take its callers down with it; doing it in the proxy means only the proxy, not every client library, '
    + 'has to be trusted to do it right.',
  fix: 'set the `resilience` option of `mesh.addService(...)` (`outlierDetection`, `connectionPool`), or keep its defaults: the SDK emits '
    + 'a DestinationRule `<name>` for the service host. Outside the SDK add a DestinationRule for the host with `trafficPolicy.outlierDetection` '
    + '(e.g. `consecutive5xxErrors`, `baseEjectionTime`) and `trafficPolicy.connectionPool` limits (`tcp.maxConnections`, '
    + '`http.http2MaxRequests`, `http.http1MaxPendingRequests`)',
  severity: 'warning',
  recommendations: ['MS-SS-6', 'SM-DR26', 'MS-SS-7'],
  controls: ['SC-5'],
  target: 'manifest',
  check({ inventory }) {
    const apps = inventory.applicationWorkloadSet();
    return inventory.services.flatMap((svc): Outcome[] => {
      const workloads = inventory.workloadsOf(svc).filter((w) => apps.has(w));
      if (workloads.length === 0) return [];
      const risk: RiskLevel = workloads.map((w) => inventory.riskOf(w)).reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
      const planes = workloads.map((w) => inventory.dataPlaneOf(w));
      const name = `${svc.namespace}/${svc.name}`;
      const l7 = planes.some((p) => p.kind === 'sidecar' || (p.kind === 'ambient' && p.waypoint !== undefined));
      if (!l7) {
        const limited = planes.find((p) => p.kind !== 'none');
        if (!limited) return [];
        return [violation(svc.entry.ref, `Service ${name} runs on ${UNAVAILABLE[limited.kind]}: outlier detection and connection-pool limits are not available on that model`, { risk, severity: 'info' })];
      }
      const ports = svc.ports.map((p) => p.port);
      const rules = destinationRulesFor(inventory, svc);
      if (rules.length === 0) {
        return [violation(expectedObject('networking.istio.io/v1', 'DestinationRule', svc.name, svc.namespace),
          `no DestinationRule for the host of Service ${name} (${serviceFqdn(svc)}); expected one with outlierDetection and connectionPool limits`, { risk })];
      }
      const checked = rules.map((r) => ({ r, od: trafficPolicyHas(r, ports, hasOutlierDetection), pool: trafficPolicyHas(r, ports, hasConnectionLimits) }));
      const good = checked.find((c) => c.od && c.pool);
      if (good) return [compliant(good.r.ref, `DestinationRule ${good.r.ref.namespace}/${good.r.ref.name} gives Service ${name} outlier detection and connection-pool limits`, { risk })];
      return checked.map(({ r, od, pool }) => {
        const missing = [od ? '' : 'outlierDetection', pool ? '' : 'connectionPool limits (tcp.maxConnections, http.http2MaxRequests or http.http1MaxPendingRequests)'].filter((m) => m !== '');
        return violation(r.ref, `DestinationRule ${r.ref.namespace}/${r.ref.name} for Service ${name} has no ${missing.join(' and no ')}; expected both in trafficPolicy`, { risk });
      });
    });
  },
};
