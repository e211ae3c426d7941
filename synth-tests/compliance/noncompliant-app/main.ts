// SPDX-License-Identifier: Apache-2.0
/**
 * A deliberately non-compliant mesh: what a failing `cdk8s synth` looks like. Run it with
 * `npx tsx --tsconfig tsconfig.dev.json synth-tests/compliance/noncompliant-app/main.ts <outdir>`.
 *
 * - payments is high risk but runs on ambient (SP 800-233 admits only sidecars);
 * - a hand-written PeerAuthentication switches mTLS to PERMISSIVE for the shop namespace;
 * - a JSON patch takes the cart's pods out of injection;
 * - the catalog service is low risk on sidecars (an informational note), and its missing
 *   callers are a warning.
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { HttpMethod, Match, Mesh, PortProtocol, ProxyModel, RiskProfile } from '../../../index';

export function synth(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const mesh = new Mesh(chart, 'mesh', { compliance: { printFindings: false } });
  const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
  const cart = mesh.addService('cart', { image: 'cart:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
  const payments = mesh.addService('payments', { image: 'payments:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }], proxyModel: ProxyModel.ambient({ waypoint: true }) });
  mesh.addService('catalog', { image: 'catalog:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }], riskProfile: RiskProfile.LOW });
  cart.allowFrom(web, { methods: [HttpMethod.GET], paths: [Match.prefix('/cart/')] });
  payments.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
  new ApiObject(chart, 'permissive', {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'legacy-clients' },
    spec: { mtls: { mode: 'PERMISSIVE' } },
  });
  ApiObject.of(cart.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/sidecar.istio.io~1inject', 'false'));
  app.synth();
  return app;
}

if (require.main === module) synth(process.argv[2] ?? 'dist/noncompliant');
