// SPDX-License-Identifier: Apache-2.0
/**
 * The shop's gRPC core on proxyless gRPC (SP 800-233: the application's gRPC library is the xDS
 * client; medium risk, L4 and limited L7). Cart and payments speak gRPC and run without a proxy;
 * the HTTP frontend and the TCP database cannot (proxyless carries gRPC only) and stay on sidecars,
 * which interoperate with proxyless workloads over Istio mTLS. The intent is the shop's, expressed
 * as gRPC methods: `POST /shop.Cart/*` instead of `GET /cart/*`.
 */
import { App, Chart, type ChartProps } from 'cdk8s';
import { HttpMethod, IngressTls, JwtIssuer, Match, Mesh, PortProtocol, ProxyModel, RiskProfile } from 'cdk8s-mesh';
import type { Construct } from 'constructs';

export class GrpcShopChart extends Chart {
  public readonly mesh: Mesh;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop-grpc', ...props });
    this.mesh = new Mesh(this, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM });
    const grpc = ProxyModel.proxyless();

    const frontend = this.mesh.addService('frontend', {
      image: 'ghcr.io/acme/shop-frontend:1.4.2',
      ports: [{ port: 80, targetPort: 8080, protocol: PortProtocol.HTTP }],
    });
    const cart = this.mesh.addService('cart', {
      image: 'ghcr.io/acme/shop-cart-grpc:2.0.1',
      ports: [{ port: 9090, protocol: PortProtocol.GRPC }],
      proxyModel: grpc,
    });
    const payments = this.mesh.addService('payments', {
      image: 'ghcr.io/acme/shop-payments-grpc:3.1.0',
      ports: [{ port: 9090, protocol: PortProtocol.GRPC }],
      proxyModel: grpc,
    });
    const db = this.mesh.addService('db', {
      image: 'ghcr.io/acme/shop-db:16.4',
      ports: [{ port: 5432, protocol: PortProtocol.TCP }],
      replicas: 1,
    });

    // Shoppers sign in before they reach the storefront: the token is validated on the
    // frontend's own proxy, and requests without one are refused.
    const shoppers = new JwtIssuer(this, 'shoppers', {
      issuer: 'https://login.shop.example',
      jwksUri: 'https://login.shop.example/.well-known/jwks.json',
      audiences: ['shop-frontend'],
    });
    frontend.acceptTokensFrom(shoppers);
    frontend.requireEndUser();
    const edge = this.mesh.addIngressGateway('edge', { namespace: 'shop-grpc-edge', hostnames: ['grpc-shop.example.com'], tls: IngressTls.fromSecret('grpc-shop-example-com-tls') });
    edge.route(frontend, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.POST] });

    cart.allowFrom(frontend, { methods: [HttpMethod.POST], paths: [Match.prefix('/shop.Cart/')] });
    payments.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/shop.Payments/Charge')] });
    db.allowFrom(cart, { ports: [5432] });
  }
}

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  new GrpcShopChart(app, 'shop-proxyless');
  app.synth();
  return app;
}

if (require.main === module) synth('dist/shop-proxyless');
