// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Mesh, MeshSuppressions, PortProtocol, ProxyModel, RiskProfile, RulePack } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { appChart, errorOf, readReport } from './compliance-helpers';

const PORTS = [{ port: 8080, protocol: PortProtocol.HTTP }];

describe('MeshSuppressions', () => {
  it('rejects an unknown rule id, naming rules of the same area', () => {
    const { chart } = appChart();
    const mesh = new Mesh(chart, 'mesh');
    expect(() => MeshSuppressions.add(mesh, [{ id: 'MESH-MODEL-99', reason: 'a long enough reason' }]))
      .toThrow(/^shop\/mesh: suppression of an unknown rule "MESH-MODEL-99": expected a rule id from RULES\.md \(e\.g\. MESH-MODEL-01, .*\); fix: correct the `id`$/);
  });

  it('rejects a reason shorter than 10 characters', () => {
    const { chart } = appChart();
    const mesh = new Mesh(chart, 'mesh');
    expect(() => MeshSuppressions.add(mesh, [{ id: 'MESH-MODEL-01', reason: ' legacy  ' }]))
      .toThrow(/suppression of MESH-MODEL-01 without a reason " legacy  ": expected a reason of at least 10 characters/);
  });

  it('is inherited by children and written on every emitted object below the construct', () => {
    const { app, chart } = appChart();
    const mesh = new Mesh(chart, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM, compliance: { packs: [RulePack.nist800233()], printFindings: false } });
    const svc = mesh.addService('cart', { image: 'cart:1', ports: PORTS, proxyModel: ProxyModel.sharedNode() });
    MeshSuppressions.add(mesh, [{ id: 'MESH-MODEL-01', reason: 'node proxy accepted by the risk board (RISK-7)' }]);
    const objs = Testing.synth(chart);
    const deployment = objs.find((o) => o.kind === 'Deployment');
    expect(deployment.metadata.annotations).toMatchObject({ 'mesh.cdk8s.io/suppress.MESH-MODEL-01': 'node proxy accepted by the risk board (RISK-7)' });
    expect(objs.find((o) => o.kind === 'Namespace').metadata.annotations).toMatchObject({ 'mesh.cdk8s.io/suppress.MESH-MODEL-01': 'node proxy accepted by the risk board (RISK-7)' });
    expect(readReport(app).findings.find((f) => f.ruleId === 'MESH-MODEL-01')).toMatchObject({ status: 'suppressed', suppressedBy: 'construct', subject: { name: 'cart' } });
    expect(svc.node.path).toBe('shop/mesh/cart');
    const md = fs.readFileSync(path.join(app.outdir, 'compliance/mesh-compliance.md'), 'utf8');
    expect(md).toContain('| **800-233/model-by-risk** The proxy model follows the application\'s risk | suppressed | MESH-MODEL-01 | Deployment shop/cart (MESH-MODEL-01 suppressed: node proxy accepted by the risk board (RISK-7)) |');
  });

  it('the nearest suppression wins', () => {
    const { app, chart } = appChart();
    const mesh = new Mesh(chart, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM, compliance: { packs: [RulePack.nist800233()], printFindings: false } });
    const svc = mesh.addService('cart', { image: 'cart:1', ports: PORTS, proxyModel: ProxyModel.sharedNode() });
    MeshSuppressions.add(mesh, [{ id: 'MESH-MODEL-01', reason: 'mesh-wide reason for the record' }]);
    MeshSuppressions.add(svc, [{ id: 'MESH-MODEL-01', reason: 'cart-specific reason, RISK-9' }]);
    Testing.synth(chart);
    expect(readReport(app).findings.find((f) => f.ruleId === 'MESH-MODEL-01')?.reason).toBe('cart-specific reason, RISK-9');
  });

  it('checks raw ApiObjects and JSON patches too, and honours a suppression annotation written on them', () => {
    const { app, chart } = appChart();
    const mesh = new Mesh(chart, 'mesh', { compliance: { packs: [RulePack.nist800233()], printFindings: false } });
    const cart = mesh.addService('cart', { image: 'cart:1', ports: PORTS });
    // A patch that switches injection off takes the pod out of the mesh: the rule sees the final object.
    ApiObject.of(cart.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/sidecar.istio.io~1inject', 'false'));
    const error = errorOf(() => Testing.synth(chart));
    expect(error?.message).toMatch(/MESH-MODEL-04 \(error\) Deployment shop\/cart at shop\/mesh\/cart\/Deployment\/Resource: shop\/cart is in no mesh data plane/);
    new ApiObject(chart, 'legacy', {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'legacy', annotations: { 'mesh.cdk8s.io/suppress.MESH-MODEL-04': 'batch job outside the mesh until Q3 (MIG-12)' } },
      spec: { selector: { matchLabels: { app: 'legacy' } }, template: { metadata: { labels: { 'app': 'legacy', 'mesh.cdk8s.io/risk-profile': 'medium', 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } },
    });
    const second = errorOf(() => Testing.synth(chart));
    expect(second?.message).not.toMatch(/Deployment shop\/legacy/);
    expect(readReport(app).findings.find((f) => f.subject.name === 'legacy' && f.ruleId === 'MESH-MODEL-04')).toMatchObject({ status: 'suppressed', suppressedBy: 'annotation', reason: 'batch job outside the mesh until Q3 (MIG-12)' });
  });

  it('a second mesh in the app may not bring its own compliance options', () => {
    const { app, chart } = appChart();
    new Mesh(chart, 'mesh');
    const chart2 = new Chart(app, 'other', { namespace: 'other' });
    expect(() => new Mesh(chart2, 'mesh', { rootNamespace: 'istio-other', compliance: { packs: [] } }))
      .toThrow(/other\/mesh: second compliance configuration in one app \["packs"\]: expected compliance options on one Mesh per app \(shop\/mesh already runs the rule packs/);
  });
});
