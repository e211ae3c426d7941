// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { Mesh, NetworkSegmentation, PortProtocol, ProxyModel, RiskProfile, type MeshServiceOptions } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

/** A mesh whose services default to `risk`, with one service `payments` built from `options`. */
function service(options: Partial<MeshServiceOptions> = {}, risk = RiskProfile.HIGH) {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: risk, compliance: { packs: [], printFindings: false } });
  const payments = mesh.addService('payments', { image: 'p:1', ports: [{ port: 8080 }], ...options });
  return { c, mesh, payments };
}

const policies = (c: ReturnType<typeof chart>) => objects(c, 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('networkSegmentation defaults', () => {
  it('segments high-risk services by default', () => {
    expect(policies(service().c)).toEqual(['shop/payments']);
  });

  it('leaves medium- and low-risk services without a NetworkPolicy by default', () => {
    expect(policies(service({}, RiskProfile.MEDIUM).c)).toEqual([]);
    expect(policies(service({}, RiskProfile.LOW).c)).toEqual([]);
    expect(policies(service({ riskProfile: RiskProfile.LOW }).c)).toEqual([]);
    expect(service({}, RiskProfile.MEDIUM).payments.networkPolicy).toBeUndefined();
  });

  it('lets medium- and low-risk services opt in', () => {
    expect(policies(service({ networkSegmentation: NetworkSegmentation.enabled() }, RiskProfile.MEDIUM).c)).toEqual(['shop/payments']);
    expect(policies(service({ riskProfile: RiskProfile.LOW, networkSegmentation: NetworkSegmentation.enabled() }).c)).toEqual(['shop/payments']);
  });

  it('emits none for shared-node (Cilium) services, whose CiliumNetworkPolicy already segments them', () => {
    const { c } = service({ proxyModel: ProxyModel.sharedNode() }, RiskProfile.LOW);
    expect(policies(c)).toEqual([]);
    expect(objects(c, 'CiliumNetworkPolicy')).toHaveLength(1);
  });
});

describe('opting a service out', () => {
  it('takes a written justification, recorded on the Deployment', () => {
    const { c } = service({ networkSegmentation: NetworkSegmentation.disabled('  the CNI enforces no NetworkPolicy; Calico GlobalNetworkPolicy SEC-42 isolates it  ') });
    expect(policies(c)).toEqual([]);
    expect(one(c, 'Deployment', 'payments').metadata.annotations).toEqual({
      'mesh.cdk8s.io/network-exception': 'the CNI enforces no NetworkPolicy; Calico GlobalNetworkPolicy SEC-42 isolates it',
    });
  });

  it('records no exception on services that keep their NetworkPolicy', () => {
    expect(one(service().c, 'Deployment', 'payments').metadata.annotations).toBeUndefined();
  });

  it('refuses a high-risk opt-out without a justification of at least 10 characters, naming the service and the fix', () => {
    for (const justification of ['', 'too short', '          x']) {
      expect(() => service({ networkSegmentation: NetworkSegmentation.disabled(justification) })).toThrow(
        /^test\/mesh\/payments: NetworkSegmentation\.disabled without a justification on a high-risk service ".*": expected a written justification of at least 10 characters \(SP 800-204 MS-SS-13.*\); fix: explain why the service cannot have a NetworkPolicy, e\.g\. NetworkSegmentation\.disabled\(/,
      );
    }
  });

  it('refuses an empty justification on lower risks too (the factory is named for it)', () => {
    expect(() => service({ networkSegmentation: NetworkSegmentation.disabled('no') }, RiskProfile.MEDIUM)).toThrow(/NetworkSegmentation\.disabled without a justification "no"/);
  });
});

describe('networkSegmentation input errors', () => {
  it('rejects a value that is not a NetworkSegmentation (e.g. a boolean from JavaScript)', () => {
    expect(() => service({ networkSegmentation: false as never })).toThrow(/invalid networkSegmentation false: expected NetworkSegmentation\.enabled\(\) or NetworkSegmentation\.disabled\(justification\)/);
  });

  it('rejects enabling it on a shared-node service', () => {
    expect(() => service({ proxyModel: ProxyModel.sharedNode(), networkSegmentation: NetworkSegmentation.enabled() }, RiskProfile.LOW))
      .toThrow(/NetworkSegmentation\.enabled on a shared-node \(Cilium\) service .*already enforced at L3.*fix: remove networkSegmentation/);
  });

  it('rejects monitoring namespaces on ambient services, empty lists, invalid names and unknown options', () => {
    const ambient = { riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient() };
    expect(() => service({ ...ambient, networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespaces: ['monitoring'] }) }))
      .toThrow(/monitoringNamespaces on an ambient service \["monitoring"\]: expected a service whose pods run a proxy/);
    expect(() => service({ networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespaces: [] }) })).toThrow(/empty monitoringNamespaces list/);
    expect(() => service({ networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespaces: ['Monitoring'] }) })).toThrow(/invalid networkSegmentation: monitoring namespace "Monitoring"/);
    expect(() => service({ networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespace: 'x' } as never) })).toThrow(/unknown networkSegmentation option "monitoringNamespace"/);
  });

  it('is a known MeshService option', () => {
    expect(() => service({ networkSegmentation: NetworkSegmentation.enabled(), ports: [{ port: 5432, protocol: PortProtocol.TCP }] })).not.toThrow();
  });
});
