// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { Mesh, MeshSuppressions, PortProtocol, ProxyModel, RiskProfile, RulePack } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { appChart, errorOf, readReport } from './compliance-helpers';

const MODELS: Record<string, () => ProxyModel> = {
  sidecar: () => ProxyModel.sidecar(),
  ambient: () => ProxyModel.ambient({ waypoint: true }),
  sharedNode: () => ProxyModel.sharedNode(),
  proxyless: () => ProxyModel.proxyless(),
};
const RISKS: Record<string, RiskProfile> = { high: RiskProfile.HIGH, medium: RiskProfile.MEDIUM, low: RiskProfile.LOW };

/** One service of `model` at `risk`, checked by the SP 800-233 pack only. */
function synthCell(risk: string, model: string, suppress?: string) {
  const { app, chart } = appChart();
  const mesh = new Mesh(chart, 'mesh', { compliance: { packs: [RulePack.nist800233()], printFindings: false } });
  const ports = model === 'proxyless' ? [{ port: 9090, protocol: PortProtocol.GRPC }] : [{ port: 8080, protocol: PortProtocol.HTTP }];
  const svc = mesh.addService('payments', { image: 'payments:1', ports, proxyModel: MODELS[model](), riskProfile: RISKS[risk] });
  if (suppress) MeshSuppressions.add(svc, [{ id: 'MESH-MODEL-01', reason: suppress }]);
  const error = errorOf(() => Testing.synth(chart));
  const finding = readReport(app).findings.find((f) => f.ruleId === 'MESH-MODEL-01');
  return { error, finding };
}

/** Expected verdict per cell: DESIGN.md decision 4. */
const CELLS: [string, string, 'compliant' | 'note' | 'error', RegExp][] = [
  ['high', 'sidecar', 'compliant', /risk profile high and runs on the sidecar model .*: required/],
  ['high', 'ambient', 'error', /risk profile high and runs on the ambient model .*SP 800-233 admits only the sidecar model for high risk.*expected the sidecar model/],
  ['high', 'sharedNode', 'error', /risk profile high and runs on a shared L4–L7 node proxy \(Cilium\).*expected the sidecar model/],
  ['high', 'proxyless', 'error', /risk profile high and runs on proxyless gRPC .*expected the sidecar model/],
  ['medium', 'sidecar', 'compliant', /: allowed/],
  ['medium', 'ambient', 'compliant', /: recommended — SP 800-233 recommends ambient/],
  ['medium', 'sharedNode', 'error', /not desirable for medium risk.*expected one of the ambient model, proxyless gRPC, the sidecar model, or a suppression/],
  ['medium', 'proxyless', 'compliant', /: recommended — SP 800-233 recommends proxyless gRPC for medium risk, with L4 and limited L7 policy only/],
  ['low', 'sidecar', 'note', /more than low risk needs \(unneeded attack surface/],
  ['low', 'ambient', 'compliant', /: allowed/],
  ['low', 'sharedNode', 'compliant', /: allowed/],
  ['low', 'proxyless', 'note', /unneeded attack surface/],
];

describe('risk × proxy-model matrix (SP 800-233, MESH-MODEL-01) at synth', () => {
  for (const [risk, model, verdict, message] of CELLS) {
    it(`${risk} risk on ${model}: ${verdict}`, () => {
      const { error, finding } = synthCell(risk, model);
      expect(finding?.message).toMatch(message);
      expect(finding?.subject).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'payments', constructPath: 'shop/mesh/payments/Deployment/Resource', file: 'shop.k8s.yaml' });
      if (verdict === 'error') {
        expect(finding).toMatchObject({ status: 'non-compliant', severity: 'error' });
        expect(error?.message).toMatch(/^cdk8s-mesh: 1 rule violation fails the synth/);
        expect(error?.message).toContain('MESH-MODEL-01 (error) Deployment shop/payments at shop/mesh/payments/Deployment/Resource: ');
        expect(error?.message).toMatch(/\n {4}fix: set the service's `proxyModel` to one its `riskProfile` admits/);
      } else {
        expect(error).toBeUndefined();
        expect(finding).toMatchObject(verdict === 'note' ? { status: 'non-compliant', severity: 'info' } : { status: 'compliant' });
      }
    });
  }

  it('medium risk on a shared node passes once suppressed with a reason, recorded in the report and on the objects', () => {
    const reason = 'node proxy accepted by the risk board, see RISK-118';
    const { error, finding } = synthCell('medium', 'sharedNode', reason);
    expect(error).toBeUndefined();
    expect(finding).toMatchObject({ status: 'suppressed', reason, suppressedBy: 'construct' });
  });

  it('high risk on ambient stays an error even when suppressed, and says why', () => {
    const { error, finding } = synthCell('high', 'ambient', 'the team prefers ambient for cost reasons');
    expect(finding).toMatchObject({ status: 'non-compliant', severity: 'error' });
    expect(finding?.suppressionRefused).toBe('MESH-MODEL-01 cannot be suppressed for high-risk workloads (reason given: the team prefers ambient for cost reasons)');
    expect(error?.message).toContain('cannot be suppressed for high-risk workloads');
  });
});
