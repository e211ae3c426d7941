// SPDX-License-Identifier: Apache-2.0
/**
 * The shop: frontend → cart (GET /cart/*), cart → payments (POST /charge), cart → db (tcp).
 * A zero-trust mesh on sidecars: STRICT mTLS, default deny, and exactly these three paths open.
 */
import { App, Chart, type ChartProps } from 'cdk8s';
import { HttpMethod, IngressTls, Match, Mesh, MeshSuppressions, PortProtocol, RiskProfile, type ProxyModel } from 'cdk8s-mesh';
import type { Construct } from 'constructs';

/** The shop's services and the proxy model each runs on. */
export interface ShopModels {
  readonly frontend?: ProxyModel;
  readonly cart?: ProxyModel;
  readonly payments?: ProxyModel;
  readonly db?: ProxyModel;
}

/** Properties of the shop: the same intent, on whichever proxy models the variant picks. */
export interface ShopChartProps extends ChartProps {
  /** Proxy model per service; unset services use the mesh default (sidecar). */
  readonly models?: ShopModels;
  /** Risk profile of the whole shop (SP 800-233 allows shared proxies only below HIGH). */
  readonly riskProfile?: RiskProfile;
}

export class ShopChart extends Chart {
  public readonly mesh: Mesh;

  constructor(scope: Construct, id: string, props: ShopChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });
    this.mesh = new Mesh(this, 'mesh', { trustDomain: 'cluster.local', defaultRiskProfile: props.riskProfile ?? RiskProfile.HIGH });
    const models = props.models ?? {};

    const frontend = this.mesh.addService('frontend', {
      image: 'ghcr.io/acme/shop-frontend:1.4.2',
      ports: [{ port: 80, targetPort: 8080, protocol: PortProtocol.HTTP }],
      proxyModel: models.frontend,
    });
    const cart = this.mesh.addService('cart', {
      image: 'ghcr.io/acme/shop-cart:2.0.1',
      ports: [{ port: 8080, protocol: PortProtocol.HTTP }],
      proxyModel: models.cart,
    });
    const payments = this.mesh.addService('payments', {
      image: 'ghcr.io/acme/shop-payments:3.1.0',
      ports: [{ port: 8443, protocol: PortProtocol.HTTP2 }],
      proxyModel: models.payments,
    });
    const db = this.mesh.addService('db', {
      image: 'ghcr.io/acme/shop-db:16.4',
      ports: [{ port: 5432, protocol: PortProtocol.TCP }],
      replicas: 1,
      proxyModel: models.db,
    });

    // Shoppers reach the storefront through an HTTPS gateway; browsing the catalogue is anonymous,
    // an audited exception to "every request carries an end-user token" (SP 800-204B EUAZ-SR-3).
    const storefront = this.mesh.addIngressGateway('storefront', {
      namespace: 'shop-edge',
      hostnames: ['shop.example.com'],
      tls: IngressTls.fromSecret('shop-example-com-tls'),
    });
    storefront.route(frontend, { paths: [Match.prefix('/')], methods: [HttpMethod.GET, HttpMethod.HEAD] });
    MeshSuppressions.add(frontend, [{ id: 'MESH-EU-03', reason: 'catalogue pages (GET/HEAD) are public; checkout authenticates in the application' }]);

    cart.allowFrom(frontend, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
    payments.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
    db.allowFrom(cart, { ports: [5432] });
  }
}

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  new ShopChart(app, 'shop');
  app.synth();
  return app;
}

if (require.main === module) synth('dist/shop');
