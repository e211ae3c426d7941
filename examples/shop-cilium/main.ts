// SPDX-License-Identifier: Apache-2.0
/**
 * The shop on a shared L4–L7 proxy per node (SP 800-233; Cilium): one CiliumNetworkPolicy per
 * service with default deny both ways, peers selected by service account, SPIFFE mutual
 * authentication and L7 HTTP rules. Low risk only: SP 800-233 does not accept a shared L7 proxy
 * for medium- or high-risk services.
 */
import { App } from 'cdk8s';
import { ProxyModel, RiskProfile } from 'cdk8s-mesh';
import { ShopChart } from '../shop/main';

/** Synthesizes the example into `outdir`; `npm start` calls this for every example. */
export function synth(outdir: string): App {
  const app = new App({ outdir });
  const node = ProxyModel.sharedNode();
  new ShopChart(app, 'shop-cilium', {
    riskProfile: RiskProfile.LOW,
    models: { frontend: node, cart: node, payments: node, db: node },
  });
  app.synth();
  return app;
}

if (require.main === module) synth('dist/shop-cilium');
