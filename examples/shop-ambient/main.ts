// SPDX-License-Identifier: Apache-2.0
/**
 * The shop on Istio ambient (SP 800-233 shared L4 per node + L7 waypoint per service): the HTTP
 * services get a waypoint for their method and path rules, with ztunnel admitting only the
 * waypoint; the database needs L4 only and runs on ztunnel alone. Medium risk: SP 800-233 does not
 * accept shared proxies for high-risk services.
 */
import { App } from 'cdk8s';
import { ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { ShopChart } from '../shop/main';

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  const l7 = ProxyModel.ambient({ waypoint: true });
  new ShopChart(app, 'shop-ambient', {
    riskProfile: RiskProfile.MEDIUM,
    models: { frontend: l7, cart: l7, payments: l7, db: ProxyModel.ambient() },
  });
  app.synth();
  return app;
}

if (require.main === module) synth('dist/shop-ambient');
