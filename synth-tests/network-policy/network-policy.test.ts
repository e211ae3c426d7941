// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ExternalAuthorizer, HttpMethod, IngressTls, Match, Mesh, NetworkSegmentation, Peer, PortProtocol, ProxyModel, RiskProfile, WorkloadIdentity,
} from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

/** Every pod of a namespace, as the NetworkPolicy names it. */
const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
/** The pods of a namespace with these labels. */
const pods = (name: string, labels: Record<string, string>) => ({ ...ns(name), podSelector: { matchLabels: labels } });
const tcp = (...ports: number[]) => ports.map((port) => ({ port, protocol: 'TCP' }));
/** These tests read the compiled objects; the rule packs (which flag some of these grants) are tested elsewhere. */
const NO_PACKS = { compliance: { packs: [], printFindings: false } };

/** A high-risk `payments` (two ports) in `pay`, and callers around it. */
function shop() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', NO_PACKS);
  const payments = mesh.addService('payments', { image: 'p:1', namespace: 'pay', ports: [{ port: 80, targetPort: 8080 }, { port: 5432, protocol: PortProtocol.TCP }] });
  const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 8080 }] });
  return { c, mesh, payments, cart };
}

const spec = (c: ReturnType<typeof chart>, name = 'payments') => one(c, 'NetworkPolicy', name).spec;

describe('NetworkPolicy of a high-risk service', () => {
  it('selects exactly the service\'s pods, ingress only, named after the service in its namespace, as the child NetworkPolicy', () => {
    const { c, payments } = shop();
    const np = one(c, 'NetworkPolicy', 'payments');
    expect(np).toMatchObject({ apiVersion: 'networking.k8s.io/v1', metadata: { name: 'payments', namespace: 'pay' } });
    expect(np.spec.podSelector).toEqual({ matchLabels: { app: 'payments' } });
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(payments.networkPolicy).toBeDefined();
    expect(payments.node.tryFindChild('NetworkPolicy')).toBe(payments.networkPolicy);
  });

  it('admits nothing while no ALLOW rule admits anyone (the namespace allow-nothing holds at both tiers)', () => {
    const { c } = shop();
    expect(spec(c).ingress).toEqual([]);
  });

  it('admits a mesh service caller by its namespace and pod labels, on the rule\'s container ports', () => {
    const { c, payments, cart } = shop();
    payments.allowFrom(cart, { methods: [HttpMethod.POST], paths: [Match.exact('/charge')] });
    expect(spec(c).ingress).toEqual([{ from: [pods('shop', { app: 'cart' })], ports: tcp(8080) }]);
  });

  it('admits every container port when the rule names none, and translates service ports to container ports', () => {
    const { c, payments, cart } = shop();
    payments.allowFrom(cart);
    expect(spec(c).ingress).toEqual([{ from: [pods('shop', { app: 'cart' })], ports: tcp(5432, 8080) }]);
    const other = shop();
    other.payments.allowFrom(other.cart, { ports: [80] });
    expect(spec(other.c).ingress).toEqual([{ from: [pods('shop', { app: 'cart' })], ports: tcp(8080) }]);
  });

  it('admits an identity no mesh service serves by its namespace only (its pods are unknown)', () => {
    const { c, payments } = shop();
    payments.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'batch', 'nightly', { namespace: 'jobs' }), { ports: [5432] });
    expect(spec(c).ingress).toEqual([{ from: [ns('jobs')], ports: tcp(5432) }]);
  });

  it('admits a namespace source by namespace, and IP blocks as ipBlock (a single address as /32 or /128)', () => {
    const { c, payments } = shop();
    payments.allowFrom(Peer.namespace('batch'), { ports: [5432] });
    payments.allowFrom(Peer.ipBlock('10.8.0.0/16'), { ports: [5432] });
    payments.allowFrom(Peer.ipBlock('10.9.1.2'), { ports: [5432] });
    payments.allowFrom(Peer.ipBlock('2001:db8::7'), { ports: [5432] });
    expect(spec(c).ingress).toEqual([{
      from: [{ ipBlock: { cidr: '10.8.0.0/16' } }, { ipBlock: { cidr: '10.9.1.2/32' } }, { ipBlock: { cidr: '2001:db8::7/128' } }, ns('batch')],
      ports: tcp(5432),
    }]);
  });

  it('places no from restriction on the ports of an anyAuthenticated or anyone rule, and drops those ports from the other peers', () => {
    const { c, payments, cart } = shop();
    payments.allowFrom(Peer.anyAuthenticated(), { ports: [80] });
    payments.allowFrom(cart);
    expect(spec(c).ingress).toEqual([
      { ports: tcp(8080) },
      { from: [pods('shop', { app: 'cart' })], ports: tcp(5432) },
    ]);
    const other = shop();
    other.payments.allowFrom(Peer.anyone(), { ports: [5432] });
    expect(spec(other.c).ingress).toEqual([{ ports: tcp(5432) }]);
  });

  it('adds no source for DENY, AUDIT, CUSTOM or dry-run ALLOW rules', () => {
    const { c, mesh, payments, cart } = shop();
    const opa = mesh.addService('opa', { image: 'opa:1', namespace: 'authz', ports: [{ port: 9191, protocol: PortProtocol.GRPC }] });
    const authz = new ExternalAuthorizer(c, 'authz', { mesh, service: opa, port: 9191 });
    payments.denyFrom(Peer.namespace('batch'));
    payments.auditFrom(Peer.anyone());
    payments.authorizeWith(authz, { from: Peer.namespace('edge') });
    payments.allowFrom(Peer.namespace('staging'), { dryRun: true });
    payments.allowFrom(cart, { ports: [80] });
    expect(spec(c).ingress).toEqual([{ from: [pods('shop', { app: 'cart' })], ports: tcp(8080) }]);
  });

  it('merges peers with the same ports into one rule, and each peer\'s ports into one list', () => {
    const { c, mesh, payments, cart } = shop();
    const ledger = mesh.addService('ledger', { image: 'l:1', namespace: 'pay', ports: [{ port: 9000 }] });
    payments.allowFrom(cart, { ports: [80] });
    payments.allowFrom(ledger, { ports: [80] });
    payments.allowFrom(ledger, { ports: [5432] });
    // rules are ordered by their ports (numerically), peers by their content
    expect(spec(c).ingress).toEqual([
      { from: [pods('pay', { app: 'ledger' })], ports: tcp(5432, 8080) },
      { from: [pods('shop', { app: 'cart' })], ports: tcp(8080) },
    ]);
  });
});

describe('NetworkPolicy peers the SDK admits on its own', () => {
  it('admits the pods of the ingress gateway routing to the service, on the routed container port', () => {
    const { c, mesh, payments } = shop();
    const edge = mesh.addIngressGateway('edge', { namespace: 'ingress', hostnames: ['pay.example.com'], tls: IngressTls.fromSecret('pay-tls') });
    edge.route(payments, { paths: [Match.prefix('/checkout')], port: 80 });
    expect(spec(c).ingress).toEqual([{ from: [pods('ingress', { 'gateway.networking.k8s.io/gateway-name': 'edge' })], ports: tcp(8080) }]);
  });

  it('knows the gateway\'s pods once it routes to the service, also when its identity is named directly', () => {
    const { c, mesh, payments } = shop();
    const edge = mesh.addIngressGateway('edge', { namespace: 'ingress', hostnames: ['pay.example.com'], tls: IngressTls.fromSecret('pay-tls') });
    edge.route(payments, { paths: [Match.prefix('/')], port: 80 });
    payments.allowFrom(edge.identity, { ports: [5432] });
    expect(spec(c).ingress).toEqual([{ from: [pods('ingress', { 'gateway.networking.k8s.io/gateway-name': 'edge' })], ports: tcp(5432, 8080) }]);
  });

  it('admits the services an external authorizer checks for, on its check port', () => {
    const { c, mesh, payments } = shop();
    const opa = mesh.addService('opa', { image: 'opa:1', namespace: 'authz', ports: [{ port: 9191, protocol: PortProtocol.GRPC }, { port: 8181 }] });
    payments.authorizeWith(new ExternalAuthorizer(c, 'authz', { mesh, service: opa, port: 9191 }));
    expect(spec(c, 'opa').ingress).toEqual([{ from: [pods('pay', { app: 'payments' })], ports: tcp(9191) }]);
  });

  it('admits a waypoint that calls the authorizer by its pods, on the check port and HBONE', () => {
    const { c, mesh } = shop();
    const opa = mesh.addService('opa', { image: 'opa:1', namespace: 'authz', ports: [{ port: 9191, protocol: PortProtocol.GRPC }] });
    const orders = mesh.addService('orders', { image: 'o:1', ports: [{ port: 8080 }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient({ waypoint: true }) });
    orders.authorizeWith(new ExternalAuthorizer(c, 'authz', { mesh, service: opa, port: 9191 }));
    expect(spec(c, 'opa').ingress).toEqual([{ from: [pods('shop', { 'gateway.networking.k8s.io/gateway-name': 'orders-waypoint' })], ports: tcp(9191, 15008) }]);
  });
});

describe('NetworkPolicy ports by proxy model', () => {
  it('admits an ambient caller on HBONE (15008) only: ztunnel tunnels its connections to the sidecar', () => {
    const { c, mesh, payments } = shop();
    const basket = mesh.addService('basket', { image: 'b:1', ports: [{ port: 8080 }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient() });
    payments.allowFrom(basket, { ports: [5432] });
    expect(spec(c).ingress).toEqual([{ from: [pods('shop', { app: 'basket' })], ports: tcp(15008) }]);
  });

  it('adds 15008 for sources whose pods may be ambient: a namespace holding ambient services, and any peer in a mesh with ambient services', () => {
    const { c, mesh, payments } = shop();
    mesh.addService('basket', { image: 'b:1', namespace: 'amb', ports: [{ port: 8080 }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient() });
    payments.allowFrom(Peer.namespace('amb'), { ports: [5432] });
    payments.allowFrom(Peer.anyAuthenticated(), { ports: [80] });
    expect(spec(c).ingress).toEqual([
      { ports: tcp(8080, 15008) },
      { from: [ns('amb')], ports: tcp(5432) },
    ]);
  });

  it('segments an ambient service (opted in) on 15008 only, where ztunnel receives every caller', () => {
    const { c, mesh, cart } = shop();
    const db = mesh.addService('db', {
      image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient(), networkSegmentation: NetworkSegmentation.enabled(),
    });
    db.allowFrom(cart);
    db.allowFrom(Peer.ipBlock('10.1.0.0/16'));
    expect(spec(c, 'db').ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }, pods('shop', { app: 'cart' })], ports: tcp(15008) }]);
  });

  it('behind a waypoint, admits only the waypoint\'s pods on 15008 (ztunnel admits only the waypoint identity)', () => {
    const { c, mesh, cart } = shop();
    const shared = (name: string) => mesh.addService(name, {
      image: 'x:1', ports: [{ port: 8080 }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.ambient({ waypoint: true }), networkSegmentation: NetworkSegmentation.enabled(),
    });
    const orders = shared('orders');
    expect(spec(c, 'orders').ingress).toEqual([]);
    orders.allowFrom(cart, { methods: [HttpMethod.GET] });
    expect(spec(c, 'orders').ingress).toEqual([{ from: [pods('shop', { 'gateway.networking.k8s.io/gateway-name': 'orders-waypoint' })], ports: tcp(15008) }]);
  });

  it('admits proxyless gRPC servers\' callers on the container port (Istio mTLS straight to the pod)', () => {
    const { c, mesh, cart } = shop();
    const recs = mesh.addService('recs', {
      image: 'r:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.proxyless(), networkSegmentation: NetworkSegmentation.enabled(),
    });
    recs.allowFrom(cart);
    expect(spec(c, 'recs').ingress).toEqual([{ from: [pods('shop', { app: 'cart' })], ports: tcp(9090) }]);
  });

  it('opens the proxy\'s metrics ports to monitoring namespaces only when asked (15020 and 15090 on sidecars, 15020 proxyless)', () => {
    const c = chart({ namespace: 'shop' });
    const mesh = new Mesh(c, 'mesh', NO_PACKS);
    mesh.addService('payments', { image: 'p:1', ports: [{ port: 8080 }], networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespaces: ['monitoring', 'audit', 'monitoring'] }) });
    mesh.addService('recs', {
      image: 'r:1', ports: [{ port: 9090, protocol: PortProtocol.GRPC }], riskProfile: RiskProfile.MEDIUM, proxyModel: ProxyModel.proxyless(),
      networkSegmentation: NetworkSegmentation.enabled({ monitoringNamespaces: ['monitoring'] }),
    });
    expect(spec(c).ingress).toEqual([{ from: [ns('audit'), ns('monitoring')], ports: tcp(15020, 15090) }]);
    expect(spec(c, 'recs').ingress).toEqual([{ from: [ns('monitoring')], ports: tcp(15020) }]);
  });
});

describe('NetworkPolicy output', () => {
  /** The same intent declared in `order`. */
  function declared(order: 'forward' | 'backward') {
    const { c, mesh, payments, cart } = shop();
    const ledger = mesh.addService('ledger', { image: 'l:1', namespace: 'pay', ports: [{ port: 9000 }] });
    const calls = [
      () => payments.allowFrom(cart, { ports: [80] }),
      () => payments.allowFrom(ledger),
      () => payments.allowFrom(Peer.namespace('batch'), { ports: [5432] }),
      () => payments.allowFrom(Peer.ipBlock('10.0.0.0/8'), { ports: [5432] }),
      () => payments.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'ops', 'ops', { namespace: 'ops' }), { ports: [80] }),
    ];
    (order === 'forward' ? calls : [...calls].reverse()).forEach((call) => call());
    return c;
  }

  it('does not depend on the order of the calls, and sorts peers, ports and rules', () => {
    const a = spec(declared('forward'));
    expect(JSON.stringify(spec(declared('backward')))).toBe(JSON.stringify(a));
    expect(a.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, ns('batch')], ports: tcp(5432) },
      { from: [pods('pay', { app: 'ledger' })], ports: tcp(5432, 8080) },
      { from: [ns('ops'), pods('shop', { app: 'cart' })], ports: tcp(8080) },
    ]);
  });

  it('is admission-valid as a core kind (Kubernetes OpenAPI models)', async () => {
    const c = declared('forward');
    const { Conformance } = await import('cdk8s-mesh');
    const report = await Conformance.coreOnly().validate(objects(c, 'NetworkPolicy'));
    expect(report.errors).toEqual([]);
    expect(report.objects).toBe(3);
  });

  it('compiles the spec at synth, so rules added after the service still land in it', () => {
    const { c, payments, cart } = shop();
    const before = Testing.synth(c).filter((o: any) => o.kind === 'NetworkPolicy').length;
    payments.allowFrom(cart, { ports: [80] });
    expect(objects(c, 'NetworkPolicy')).toHaveLength(before);
    expect(spec(c).ingress).toHaveLength(1);
  });
});
