// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  DnsResolver, EgressSegmentation, Mesh, NetworkSegmentation, Peer, PortProtocol, ProxyModel, RiskProfile, WaypointScope, WorkloadIdentity, type MeshServiceOptions,
} from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

/** The pods of a namespace with these labels, as a NetworkPolicy peer. */
const pods = (namespace: string, labels: Record<string, string>) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: labels } });
const tcp = (...ports: number[]) => ports.map((port) => ({ port, protocol: 'TCP' }));
/** The default DNS rule: CoreDNS (`k8s-app: kube-dns`) in kube-system, UDP and TCP 53. */
const DNS = { to: [pods('kube-system', { 'k8s-app': 'kube-dns' })], ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] };
/** istiod's xDS and CA port, for the grpc-agent of proxyless pods. */
const ISTIOD = { to: [pods('istio-system', { app: 'istiod' })], ports: tcp(15012) };
const WAYPOINT = 'gateway.networking.k8s.io/gateway-name';
/** These tests read the compiled objects; the rule packs are tested elsewhere. */
const NO_PACKS = { compliance: { packs: [], printFindings: false } };
const MEDIUM = { riskProfile: RiskProfile.MEDIUM };
const GRPC = [{ port: 9090, protocol: PortProtocol.GRPC }];

/** A medium-risk mesh in `shop` with one caller `client` on `model`. */
function mesh(model: ProxyModel, options: Partial<MeshServiceOptions> = {}, meshProps: Record<string, unknown> = {}) {
  const c = chart({ namespace: 'shop' });
  const m = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.MEDIUM, ...NO_PACKS, ...meshProps });
  const client = m.addService('client', { image: 'c:1', ports: model.name === 'proxyless' ? GRPC : [{ port: 8080 }], proxyModel: model, ...options });
  return { c, mesh: m, client };
}

const ambient = () => mesh(ProxyModel.ambient());
const proxyless = (options: Partial<MeshServiceOptions> = {}, meshProps: Record<string, unknown> = {}) => mesh(ProxyModel.proxyless(), { ports: GRPC, ...options }, meshProps);
const policy = (c: ReturnType<typeof chart>, name = 'client') => one(c, 'NetworkPolicy', name);
const egress = (c: ReturnType<typeof chart>, name = 'client') => policy(c, name).spec.egress;

describe('egress segmentation defaults', () => {
  it('gives every ambient and proxyless service an egress-only NetworkPolicy, whatever its risk', () => {
    for (const riskProfile of [RiskProfile.LOW, RiskProfile.MEDIUM]) {
      for (const make of [() => mesh(ProxyModel.ambient(), { riskProfile }), () => mesh(ProxyModel.ambient({ waypoint: true }), { riskProfile }), () => proxyless({ riskProfile })]) {
        const { c, client } = make();
        const np = policy(c);
        expect(np.metadata).toEqual({ name: 'client', namespace: 'shop' });
        expect(np.spec.podSelector).toEqual({ matchLabels: { app: 'client' } });
        expect(np.spec.policyTypes).toEqual(['Egress']);
        expect(np.spec).not.toHaveProperty('ingress');
        expect(client.networkPolicy).toBe(client.node.tryFindChild('NetworkPolicy'));
      }
    }
  });

  it('adds nothing to sidecar services (the namespace Sidecar limits their egress) and shared-node services', () => {
    const side = mesh(ProxyModel.sidecar());
    expect(objects(side.c, 'NetworkPolicy')).toEqual([]);
    const high = mesh(ProxyModel.sidecar(), { riskProfile: RiskProfile.HIGH });
    expect(policy(high.c).spec.policyTypes).toEqual(['Ingress']);
    expect(policy(high.c).spec).not.toHaveProperty('egress');
    expect(objects(mesh(ProxyModel.sharedNode(), { riskProfile: RiskProfile.LOW }).c, 'NetworkPolicy')).toEqual([]);
  });

  it('puts both directions in one NetworkPolicy when ingress is segmented too (opted in, or by the high-risk default)', () => {
    for (const { c } of [mesh(ProxyModel.ambient(), { networkSegmentation: NetworkSegmentation.enabled() }), proxyless({ riskProfile: RiskProfile.HIGH })]) {
      expect(objects(c, 'NetworkPolicy')).toHaveLength(1);
      expect(policy(c).spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy(c).spec.ingress).toEqual([]);
      expect(policy(c).spec.egress[0]).toEqual(DNS);
    }
  });

  it('keeps the egress rules when ingress segmentation is opted out', () => {
    const { c } = proxyless({ networkSegmentation: NetworkSegmentation.disabled('the CNI enforces ingress through Calico tier SEC-1') });
    expect(policy(c).spec.policyTypes).toEqual(['Egress']);
    expect(one(c, 'Deployment', 'client').metadata.annotations).toEqual({ 'mesh.cdk8s.io/network-exception': 'the CNI enforces ingress through Calico tier SEC-1' });
  });
});

describe('egress peers of an ambient caller: HBONE (15008) to what admits it', () => {
  it('allows only DNS while no service admits it', () => {
    expect(egress(ambient().c)).toEqual([DNS]);
  });

  it('reaches sidecar and ztunnel-only pods on 15008, whatever ports the rule covers', () => {
    const { c, mesh: m, client } = ambient();
    const db = m.addService('db', { image: 'd:1', namespace: 'data', ports: [{ port: 5432, protocol: PortProtocol.TCP }], proxyModel: ProxyModel.ambient() });
    const pay = m.addService('pay', { image: 'p:1', ports: [{ port: 80, targetPort: 8080 }, { port: 9000 }] });
    db.allowFrom(client, { ports: [5432] });
    pay.allowFrom(client, { ports: [80] });
    expect(egress(c)).toEqual([DNS, { to: [pods('data', { app: 'db' }), pods('shop', { app: 'pay' })], ports: tcp(15008) }]);
  });

  it('reaches a service behind a waypoint through the waypoint\'s pods only, its own or the namespace\'s', () => {
    const { c, mesh: m, client } = ambient();
    const orders = m.addService('orders', { image: 'o:1', ports: [{ port: 8080 }], proxyModel: ProxyModel.ambient({ waypoint: true }) });
    const stock = m.addService('stock', { image: 's:1', namespace: 'inv', ports: [{ port: 8080 }], proxyModel: ProxyModel.ambient({ waypoint: true, waypointScope: WaypointScope.NAMESPACE }) });
    orders.allowFrom(client);
    stock.allowFrom(client);
    expect(egress(c)).toEqual([DNS, { to: [pods('inv', { [WAYPOINT]: 'waypoint' }), pods('shop', { [WAYPOINT]: 'orders-waypoint' })], ports: tcp(15008) }]);
  });

  it('reaches shared-node (Cilium) pods, which Istio does not capture, in plain TCP on the container ports', () => {
    const { c, mesh: m, client } = ambient();
    const analytics = m.addService('analytics', { image: 'a:1', ports: [{ port: 80, targetPort: 8080 }], proxyModel: ProxyModel.sharedNode(), riskProfile: RiskProfile.LOW });
    analytics.allowFrom(client);
    expect(egress(c)).toEqual([DNS, { to: [pods('shop', { app: 'analytics' })], ports: tcp(8080) }]);
  });

  it('does not reach a proxyless server, even one that admits anyone (it cannot terminate HBONE)', () => {
    const { c, mesh: m } = ambient();
    m.addService('recs', { image: 'r:1', ports: GRPC, proxyModel: ProxyModel.proxyless() }).allowFrom(Peer.anyone());
    expect(egress(c)).toEqual([DNS]);
  });
});

describe('egress peers of a proxyless caller: istiod, and Istio mTLS straight to the admitted container ports', () => {
  it('allows DNS and istiod\'s xDS port (15012) in the mesh\'s root namespace', () => {
    expect(egress(proxyless().c)).toEqual([DNS, ISTIOD]);
    expect(egress(proxyless({}, { rootNamespace: 'mesh-system' }).c)).toEqual([DNS, { to: [pods('mesh-system', { app: 'istiod' })], ports: tcp(15012) }]);
  });

  it('reaches sidecar and proxyless servers on the container ports each admitting rule covers', () => {
    const { c, mesh: m, client } = proxyless();
    const db = m.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }, { port: 9187, protocol: PortProtocol.TCP }] });
    const pay = m.addService('pay', { image: 'p:1', namespace: 'pay', ports: [{ port: 443, targetPort: 9443, protocol: PortProtocol.GRPC }, { port: 9090, protocol: PortProtocol.GRPC }], proxyModel: ProxyModel.proxyless() });
    db.allowFrom(client, { ports: [5432] });
    pay.allowFrom(client, { ports: [443] });
    pay.allowFrom(Peer.namespace('shop'), { ports: [9090] });
    expect(egress(c)).toEqual([DNS, { to: [pods('shop', { app: 'db' })], ports: tcp(5432) }, { to: [pods('pay', { app: 'pay' })], ports: tcp(9090, 9443) }, ISTIOD]);
  });

  it('does not reach ambient servers (ztunnel accepts only HBONE)', () => {
    const { c, mesh: m } = proxyless();
    m.addService('cache', { image: 'k:1', ports: [{ port: 6379, protocol: PortProtocol.TCP }], proxyModel: ProxyModel.ambient() }).allowFrom(Peer.anyAuthenticated());
    expect(egress(c)).toEqual([DNS, ISTIOD]);
  });
});

describe('which services admit the caller', () => {
  it('counts its identity, its namespace, any authenticated peer and anyone', () => {
    const { c, mesh: m, client } = ambient();
    const target = (name: string) => m.addService(name, { image: 'x:1', namespace: 'dst', ports: [{ port: 8080 }] });
    target('by-identity').allowFrom(client.identity);
    target('by-namespace').allowFrom(Peer.namespace('shop'));
    target('by-any-authenticated').allowFrom(Peer.anyAuthenticated());
    target('by-anyone').allowFrom(Peer.anyone());
    expect(egress(c)[1].to.map((p: any) => p.podSelector.matchLabels.app)).toEqual(['by-any-authenticated', 'by-anyone', 'by-identity', 'by-namespace']);
  });

  it('ignores DENY, AUDIT, dry-run ALLOW, other namespaces, other trust domains, IP blocks and other callers', () => {
    const { c, mesh: m, client } = ambient();
    const other = m.addService('other', { image: 'o:1', ports: [{ port: 8080 }] });
    const target = (name: string) => m.addService(name, { image: 'x:1', namespace: 'dst', ports: [{ port: 8080 }] });
    target('denies').denyFrom(client);
    target('audits').auditFrom(client);
    target('dry-run').allowFrom(client, { dryRun: true });
    target('other-namespace').allowFrom(Peer.namespace('elsewhere'));
    target('other-trust-domain').allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'foreign', 'client', { namespace: 'shop', trustDomain: 'partner.example' }));
    target('ip-block').allowFrom(Peer.ipBlock('10.0.0.0/8'));
    target('other-caller').allowFrom(other);
    expect(egress(c)).toEqual([DNS]);
  });

  it('compiles at synth, so rules declared after the caller still land in its egress', () => {
    const { c, mesh: m, client } = ambient();
    const before = Testing.synth(c).filter((o: any) => o.kind === 'NetworkPolicy').length;
    const late = m.addService('late', { image: 'l:1', ports: [{ port: 8080 }] });
    late.allowFrom(client);
    expect(objects(c, 'NetworkPolicy')).toHaveLength(before);
    expect(egress(c)).toEqual([DNS, { to: [pods('shop', { app: 'late' })], ports: tcp(15008) }]);
  });
});

describe('the DNS peer', () => {
  it('defaults to CoreDNS in kube-system, and names other DNS pods and their port', () => {
    expect(egress(mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.enabled() }).c)).toEqual([DNS]);
    const openshift = DnsResolver.pods('openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'default' }, { port: 5353 });
    expect(egress(mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.enabled({ dns: openshift }) }).c)).toEqual([{
      to: [pods('openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'default' })],
      ports: [{ port: 5353, protocol: 'TCP' }, { port: 5353, protocol: 'UDP' }],
    }]);
  });

  it('takes an address block, a single address as /32 (a node-local DNS cache)', () => {
    const { c } = proxyless({ egressSegmentation: EgressSegmentation.enabled({ dns: DnsResolver.ipBlock('169.254.20.10') }) });
    expect(egress(c)).toEqual([{ to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }, ISTIOD]);
  });

  it('rejects invalid ports, namespaces, labels, blocks and options', () => {
    const withDns = (dns: DnsResolver) => () => mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.enabled({ dns }) });
    expect(withDns(DnsResolver.kubeDns())).not.toThrow();
    expect(withDns(DnsResolver.ipBlock('10.0.0.10', { port: 0 }))).toThrow(/egressSegmentation: DNS port out of range 0: expected an integer from 1 to 65535/);
    expect(withDns(DnsResolver.pods('Kube-System', { 'k8s-app': 'kube-dns' }))).toThrow(/invalid egressSegmentation: DNS namespace "Kube-System"/);
    expect(withDns(DnsResolver.pods('kube-system', {}))).toThrow(/egressSegmentation: empty DNS pod labels \{\}: expected at least one label/);
    expect(withDns(DnsResolver.pods('kube-system', { 'k8s app': 'kube-dns' }))).toThrow(/invalid DNS pod label key "k8s app"/);
    expect(withDns(DnsResolver.pods('kube-system', { 'k8s-app': 'kube dns' }))).toThrow(/invalid DNS pod label value of k8s-app "kube dns"/);
    expect(withDns(DnsResolver.ipBlock('10.0.0.300'))).toThrow(/invalid IP block "10.0.0.300"/);
    expect(withDns(DnsResolver.ipBlock('10.0.0.10', { prt: 53 } as never))).toThrow(/unknown DnsResolver option "prt"/);
    expect(withDns('kube-dns' as never)).toThrow(/invalid egressSegmentation dns "kube-dns": expected DnsResolver\.kubeDns\(\)/);
    expect(() => mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.enabled({ dnsResolver: DnsResolver.kubeDns() } as never) })).toThrow(/unknown egressSegmentation option "dnsResolver"/);
  });
});

describe('opting egress segmentation out', () => {
  const reason = 'the egress firewall FW-12 limits this node pool to the partner API';

  it('takes a written justification, recorded on the Deployment, and leaves no NetworkPolicy when ingress is not segmented', () => {
    for (const model of [ProxyModel.ambient(), ProxyModel.proxyless()]) {
      const { c, client } = mesh(model, { egressSegmentation: EgressSegmentation.disabled(`  ${reason}  `) });
      expect(objects(c, 'NetworkPolicy')).toEqual([]);
      expect(client.networkPolicy).toBeUndefined();
      expect(one(c, 'Deployment', 'client').metadata.annotations).toEqual({ 'mesh.cdk8s.io/egress-exception': reason });
    }
  });

  it('keeps the ingress rules when ingress is segmented', () => {
    const { c } = mesh(ProxyModel.ambient(), { networkSegmentation: NetworkSegmentation.enabled(), egressSegmentation: EgressSegmentation.disabled(reason) });
    expect(policy(c).spec.policyTypes).toEqual(['Ingress']);
    expect(policy(c).spec).not.toHaveProperty('egress');
  });

  it('refuses an opt-out without a justification of at least 10 characters, naming the service and the fix', () => {
    for (const justification of ['', 'too short', '          x', undefined as never]) {
      expect(() => mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.disabled(justification) })).toThrow(
        /^test\/mesh\/client: EgressSegmentation\.disabled without a justification on an ambient service.*: expected a written justification of at least 10 characters \(SP 800-204A SM-DR8: ztunnel enforces no REGISTRY_ONLY.*\); fix: explain why the service needs no egress rules, e\.g\. EgressSegmentation\.disabled\(/,
      );
    }
    expect(() => proxyless({ egressSegmentation: EgressSegmentation.disabled('no') })).toThrow(/EgressSegmentation\.disabled without a justification on a proxyless service "no": .*the gRPC library enforces no REGISTRY_ONLY/);
  });

  it('rejects egressSegmentation on sidecar and shared-node services, and values that are not an EgressSegmentation', () => {
    expect(() => mesh(ProxyModel.sidecar(), { egressSegmentation: EgressSegmentation.enabled() })).toThrow(/egressSegmentation on a sidecar service "sidecar": expected an ambient or proxyless service: the namespace's Sidecar .*; fix: remove egressSegmentation/);
    expect(() => mesh(ProxyModel.sidecar(), { egressSegmentation: EgressSegmentation.disabled(reason) })).toThrow(/egressSegmentation on a sidecar service/);
    expect(() => mesh(ProxyModel.sharedNode(), { riskProfile: RiskProfile.LOW, egressSegmentation: EgressSegmentation.enabled() })).toThrow(/egressSegmentation on a shared-node \(Cilium\) service .*CiliumNetworkPolicy already limits its egress/);
    expect(() => mesh(ProxyModel.ambient(), { egressSegmentation: false as never })).toThrow(/invalid egressSegmentation false: expected EgressSegmentation\.enabled\(\) or EgressSegmentation\.disabled\(justification\)/);
  });
});

describe('egress NetworkPolicy output', () => {
  /** The same intent declared in `order`. */
  function declared(order: 'forward' | 'backward') {
    const { c, mesh: m, client } = proxyless({ ...MEDIUM, networkSegmentation: NetworkSegmentation.enabled() });
    const a = m.addService('a', { image: 'a:1', namespace: 'zeta', ports: [{ port: 9000 }, { port: 9001 }] });
    const b = m.addService('b', { image: 'b:1', namespace: 'alpha', ports: [{ port: 9000 }] });
    const g = m.addService('g', { image: 'g:1', ports: GRPC, proxyModel: ProxyModel.proxyless() });
    const calls = [
      () => a.allowFrom(client, { ports: [9001] }),
      () => a.allowFrom(Peer.namespace('shop'), { ports: [9000] }),
      () => b.allowFrom(Peer.anyAuthenticated()),
      () => g.allowFrom(client),
      () => client.allowFrom(g),
    ];
    (order === 'forward' ? calls : [...calls].reverse()).forEach((call) => call());
    return c;
  }

  it('does not depend on the order of the calls, and sorts peers, ports and rules', () => {
    const spec = policy(declared('forward')).spec;
    expect(JSON.stringify(policy(declared('backward')).spec)).toBe(JSON.stringify(spec));
    expect(JSON.stringify(Testing.synth(declared('forward')))).toBe(JSON.stringify(Testing.synth(declared('forward'))));
    expect(spec.egress).toEqual([
      DNS,
      { to: [pods('alpha', { app: 'b' })], ports: tcp(9000) },
      { to: [pods('zeta', { app: 'a' })], ports: tcp(9000, 9001) },
      { to: [pods('shop', { app: 'g' })], ports: tcp(9090) },
      ISTIOD,
    ]);
    expect(spec.ingress).toEqual([{ from: [pods('shop', { app: 'g' })], ports: tcp(9090) }]);
  });

  it('is admission-valid as a core kind (Kubernetes OpenAPI models), UDP and address blocks included', async () => {
    const c = declared('forward');
    const { Conformance } = await import('cdk8s-mesh');
    const extra = mesh(ProxyModel.ambient(), { egressSegmentation: EgressSegmentation.enabled({ dns: DnsResolver.ipBlock('fd00::a') }) });
    const all = [...objects(c, 'NetworkPolicy'), ...objects(extra.c, 'NetworkPolicy')];
    const report = await Conformance.coreOnly().validate(all);
    expect(report.errors).toEqual([]);
    expect(report.objects).toBe(all.length);
    // client (both directions), g (proxyless, egress only) and the ambient service with an IPv6 DNS block
    expect(all.map((o) => `${o.metadata.name}:${o.spec.policyTypes.join(',')}`)).toEqual(['client:Ingress,Egress', 'g:Egress', 'client:Egress']);
  });
});
