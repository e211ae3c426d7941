// SPDX-License-Identifier: Apache-2.0
/**
 * The benchmark's mesh: `n` services in 10 team namespaces (so a namespace grows with the
 * mesh and any per-namespace quadratic step shows), on the proxy models a real estate mixes.
 */
import { Chart, type App } from 'cdk8s';
import {
  EgressGateway, EgressTls, EndUser, ExternalProtocol, ExternalService, HttpMethod, IngressTls, JwtIssuer, Match, Mesh,
  PortProtocol, ProxyModel, RiskProfile, type MeshComplianceOptions, type MeshService,
} from 'cdk8s-mesh';

/** Namespaces the services are spread over. */
export const TEAM_NAMESPACES = 10;

/**
 * Adds the mesh to `app`, one chart. Service i (in namespace `team-<i mod 10>`):
 * - every 10th is HIGH risk (sidecar, L3 NetworkPolicy), 2 in 10 are LOW risk on ambient with a waypoint, the
 *   rest MEDIUM on sidecars;
 * - admits service i-1 for `GET /api/*` and service i-2 on its TCP port 9000;
 * - service 0 is the web tier behind an HTTPS ingress gateway, with the customer's token
 *   checked on every hop; every 25th service may call an external card network through the
 *   egress gateway.
 *
 * `compliance` overrides the mesh's compliance options (the default rule packs and reports).
 */
export function addBenchMesh(app: App, n: number, compliance?: MeshComplianceOptions): Chart {
  const chart = new Chart(app, 'bench');
  const mesh = new Mesh(chart, 'mesh', { trustDomain: 'cluster.local', defaultRiskProfile: RiskProfile.MEDIUM, ...(compliance ? { compliance } : {}) });
  const customers = new JwtIssuer(chart, 'customers', {
    issuer: 'https://login.bench.example',
    jwksUri: 'https://login.bench.example/.well-known/jwks.json',
    audiences: ['bench-web'],
  });
  const egress = new EgressGateway(chart, 'egress', { mesh });
  const cards = new ExternalService(chart, 'card-network', {
    mesh,
    namespace: 'bench-egress',
    hosts: ['api.cardnetwork.example'],
    ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
    tls: EgressTls.originate({ subjectAltNames: ['api.cardnetwork.example'] }),
    egressGateway: egress,
  });
  const services: MeshService[] = [];
  for (let i = 0; i < n; i++) {
    const tier = i % 10;
    const ambient = tier === 7 || tier === 8;
    const svc = mesh.addService(`svc-${i}`, {
      image: `registry.bench.example/svc-${i}@sha256:${(i % 16).toString(16).repeat(64)}`,
      namespace: `team-${i % TEAM_NAMESPACES}`,
      ports: [{ port: 8080, protocol: PortProtocol.HTTP }, { port: 9000, protocol: PortProtocol.TCP }],
      riskProfile: tier === 0 ? RiskProfile.HIGH : ambient ? RiskProfile.LOW : RiskProfile.MEDIUM,
      proxyModel: ambient ? ProxyModel.ambient({ waypoint: true }) : ProxyModel.sidecar(),
    });
    if (i >= 1) svc.allowFrom(services[i - 1], { methods: [HttpMethod.GET], paths: [Match.prefix('/api/')] });
    if (i >= 2) svc.allowFrom(services[i - 2], { ports: [9000] });
    if (i % 25 === 5) svc.allowEgressTo(cards);
    services.push(svc);
  }
  const web = services[0];
  web.acceptTokensFrom(customers);
  web.requireEndUser();
  const edge = mesh.addIngressGateway('edge', { namespace: 'bench-edge', hostnames: ['www.bench.example'], tls: IngressTls.fromSecret('www-bench-example-tls') });
  edge.route(web, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.POST], endUser: EndUser.issuer(customers).audience('bench-web') });
  return chart;
}
