// SPDX-License-Identifier: Apache-2.0
/**
 * One mesh, every SP 800-233 proxy model, each chosen by risk:
 *
 * - payments (high risk) and the web frontend: sidecars — the only model for high risk;
 * - cart (medium): ambient with a waypoint for its HTTP rules; orders-db (medium): ztunnel only (L4);
 * - recommendations (medium, gRPC): proxyless gRPC, called by the sidecar frontend;
 * - analytics (low): the shared Cilium node proxy, called by the cart.
 *
 * Each server admits the identity its callers really present: the waypoint sees the frontend's,
 * ztunnel behind the waypoint sees the waypoint's, the Cilium policy selects the cart's service
 * account. Pairs whose transports do not meet (a Cilium client to an Istio server, ambient to
 * proxyless) would be rejected at the `allowFrom` that names them.
 */
import { App, Chart, type ChartProps } from 'cdk8s';
import { HttpMethod, IngressTls, JwtIssuer, Match, Mesh, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import type { Construct } from 'constructs';

export class MixedChart extends Chart {
  public readonly mesh: Mesh;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'mixed', ...props });
    this.mesh = new Mesh(this, 'mesh', { defaultRiskProfile: RiskProfile.HIGH });
    const mesh = this.mesh;

    const web = mesh.addService('web', { image: 'ghcr.io/acme/web:5.0.0', ports: [{ port: 80, targetPort: 8080 }] });
    const payments = mesh.addService('payments', { image: 'ghcr.io/acme/payments:3.1.0', ports: [{ port: 8443, protocol: PortProtocol.HTTP2 }] });
    const cart = mesh.addService('cart', {
      image: 'ghcr.io/acme/cart:2.0.1',
      ports: [{ port: 8080 }],
      riskProfile: RiskProfile.MEDIUM,
      proxyModel: ProxyModel.ambient({ waypoint: true }),
    });
    const ordersDb = mesh.addService('orders-db', {
      image: 'ghcr.io/acme/orders-db:16.4',
      ports: [{ port: 5432, protocol: PortProtocol.TCP }],
      replicas: 1,
      riskProfile: RiskProfile.MEDIUM,
      proxyModel: ProxyModel.ambient(),
    });
    const recommendations = mesh.addService('recommendations', {
      image: 'ghcr.io/acme/recommendations:1.2.0',
      ports: [{ port: 9090, protocol: PortProtocol.GRPC }],
      riskProfile: RiskProfile.MEDIUM,
      proxyModel: ProxyModel.proxyless(),
    });
    const analytics = mesh.addService('analytics', {
      image: 'ghcr.io/acme/analytics:0.9.3',
      ports: [{ port: 8080 }],
      riskProfile: RiskProfile.LOW,
      proxyModel: ProxyModel.sharedNode(),
    });

    // Customers reach the web tier through an HTTPS gateway with their token; web validates it
    // on its own proxy and refuses requests without one (per-hop end-user authentication).
    const customers = new JwtIssuer(this, 'customers', {
      issuer: 'https://login.acme.example',
      jwksUri: 'https://login.acme.example/.well-known/jwks.json',
      audiences: ['acme-web'],
    });
    web.acceptTokensFrom(customers);
    web.requireEndUser();
    const edge = mesh.addIngressGateway('edge', { namespace: 'mixed-edge', hostnames: ['www.acme.example'], tls: IngressTls.fromSecret('www-acme-example-tls') });
    edge.route(web, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.POST] });

    cart.allowFrom(web, { methods: [HttpMethod.GET, HttpMethod.POST], paths: [Match.prefix('/cart/')] });
    payments.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
    ordersDb.allowFrom(cart, { ports: [5432] });
    recommendations.allowFrom(web, { methods: [HttpMethod.POST], paths: [Match.prefix('/shop.Recommendations/')] });
    analytics.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/events')] });
  }
}

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  new MixedChart(app, 'mixed');
  app.synth();
  return app;
}

if (require.main === module) synth('dist/mixed');
