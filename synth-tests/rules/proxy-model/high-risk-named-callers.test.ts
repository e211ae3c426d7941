// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { Mesh, Peer, PortProtocol, RiskProfile } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../../lib/analyze/inventory';
import { HIGH_RISK_NAMED_CALLERS } from '../../../lib/validate/rules/proxy-model/high-risk-named-callers';

function outcomes(build: (mesh: Mesh) => void) {
  const mesh = new Mesh(Testing.chart(), 'mesh');
  build(mesh);
  return HIGH_RISK_NAMED_CALLERS.check({ inventory: Inventory.fromObjects([]), model: mesh._toModel() });
}
const PORTS = [{ port: 8080, protocol: PortProtocol.HTTP }];

describe('MESH-MODEL-05: high-risk services admit callers by workload identity', () => {
  it('Compliance: callers named by service', () => {
    const out = outcomes((mesh) => {
      const web = mesh.addService('web', { image: 'web:1', ports: PORTS });
      mesh.addService('payments', { image: 'p:1', ports: PORTS }).allowFrom(web);
    });
    expect(out.map((o) => [o.compliant, o.subject.kind, o.subject.name, o.subject.constructPath])).toEqual([[true, 'MeshService', 'payments', 'test/mesh/payments']]);
  });

  it('Noncompliance: a namespace-wide grant on a high-risk service', () => {
    const [o] = outcomes((mesh) => {
      mesh.addService('payments', { image: 'p:1', ports: PORTS }).allowFrom(Peer.namespace('shop'));
    });
    expect(o.compliant).toBe(false);
    expect(o.message).toMatch(/^service default\/payments is high risk and admits .*every workload of namespace shop.*; expected callers named by workload identity$/);
  });

  it('NotApplicable: the same grant on a medium-risk service, or no model (plain manifests)', () => {
    expect(outcomes((mesh) => {
      mesh.addService('payments', { image: 'p:1', ports: PORTS, riskProfile: RiskProfile.MEDIUM }).allowFrom(Peer.namespace('shop'));
    })).toEqual([]);
    expect(HIGH_RISK_NAMED_CALLERS.check({ inventory: Inventory.fromObjects([]) })).toEqual([]);
  });
});
