// SPDX-License-Identifier: Apache-2.0
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { EgressGateway, EgressTls, ExternalProtocol, ExternalService, Mesh } from 'cdk8s-mesh';
import { chart, objects, one, notUnderTest } from '../helpers';

const GATEWAY_HOST = 'istio-egressgateway.istio-system.svc.cluster.local';
const GATEWAY_ID = 'spiffe://cluster.local/ns/istio-system/sa/istio-egressgateway';
const SELECTOR = { istio: 'egressgateway' };

/** A mesh with callers in two namespaces and an egress gateway with the defaults. */
function setup(meshProps: { trustDomain?: string; clusterDomain?: string } = {}, servicePorts?: number[]) {
  const c = chart({ namespace: 'payments' });
  const mesh = new Mesh(c, 'mesh', meshProps);
  notUnderTest(mesh, 'MESH-MTLS-06');
  const api = mesh.addService('api', { image: 'a:1', ports: [{ port: 80 }] });
  const worker = mesh.addService('worker', { image: 'w:1', ports: [{ port: 80 }], namespace: 'jobs' });
  const egress = new EgressGateway(c, 'egress', { mesh, servicePorts });
  return { c, mesh, api, worker, egress };
}

/** HTTP the gateway turns into TLS (flow a). */
function psp(c: Chart, mesh: Mesh, egress: EgressGateway, extra: object = {}) {
  return new ExternalService(c, 'psp', {
    mesh,
    namespace: 'egress',
    hosts: ['api.psp.example', 'eu.api.psp.example'],
    ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
    tls: EgressTls.originate({ subjectAltNames: ['api.psp.example'], caSecretName: 'psp-ca' }),
    egressGateway: egress,
    ...extra,
  });
}

/** TLS the workload opens (flow b). */
function cards(c: Chart, mesh: Mesh, egress: EgressGateway, extra: object = {}) {
  return new ExternalService(c, 'cards', {
    mesh,
    namespace: 'egress',
    hosts: ['api.cards.example'],
    ports: [{ port: 443, protocol: ExternalProtocol.TLS }],
    egressGateway: egress,
    ...extra,
  });
}

const sidecarHosts = (c: Chart, ns: string) => objects(c, 'Sidecar').find((s) => s.metadata.namespace === ns)!.spec.egress[0].hosts;

describe('EgressGateway: TLS origination at the gateway (HTTP inside Istio mTLS)', () => {
  it('renders the ServiceEntry, the origination rules and one two-hop route per host', () => {
    const { c, mesh, api, egress } = setup();
    api.allowEgressTo(psp(c, mesh, egress));
    expect(one(c, 'ServiceEntry', 'psp').spec).toEqual({
      hosts: ['api.psp.example', 'eu.api.psp.example'],
      ports: [{ number: 80, name: 'http-80', protocol: 'HTTP', targetPort: 443 }],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      exportTo: ['egress', 'istio-system', 'payments'],
    });
    // Only the gateway originates: the SIMPLE rules are exported to its namespace alone.
    expect(one(c, 'DestinationRule', 'psp-0')).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'psp-0', namespace: 'egress' },
      spec: {
        host: 'api.psp.example',
        exportTo: ['istio-system'],
        trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', sni: 'api.psp.example', subjectAltNames: ['api.psp.example'], credentialName: 'psp-ca' } }] },
      },
    });
    // The gateway, which connects to the host, also applies the circuit breaking.
    expect(one(c, 'DestinationRule', 'psp-0').spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 });
    expect(one(c, 'DestinationRule', 'psp-1').spec).toMatchObject({
      host: 'eu.api.psp.example',
      exportTo: ['istio-system'],
      trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', sni: 'eu.api.psp.example', subjectAltNames: ['api.psp.example'], credentialName: 'psp-ca' } }] },
    });
    expect(one(c, 'VirtualService', 'psp-egress-0')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'psp-egress-0', namespace: 'egress' },
      spec: {
        hosts: ['api.psp.example'],
        gateways: ['istio-system/istio-egressgateway', 'mesh'],
        exportTo: ['egress', 'istio-system', 'payments'],
        http: [
          // The caller-side hop carries the timeout and the (safe) retries of the whole call.
          { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: GATEWAY_HOST, subset: 'egress-psp-0', port: { number: 80 } } }], timeout: '10s', retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream' } },
          { match: [{ gateways: ['istio-system/istio-egressgateway'], port: 80 }], route: [{ destination: { host: 'api.psp.example', port: { number: 80 } } }] },
        ],
      },
    });
    expect(one(c, 'VirtualService', 'psp-egress-1').spec.http).toEqual([
      { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: GATEWAY_HOST, subset: 'egress-psp-1', port: { number: 80 } } }], timeout: '10s', retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream' } },
      { match: [{ gateways: ['istio-system/istio-egressgateway'], port: 80 }], route: [{ destination: { host: 'eu.api.psp.example', port: { number: 80 } } }] },
    ]);
  });

  it('renders the Gateway, the mTLS rule towards it and its policies', () => {
    const { c, mesh, api, egress } = setup();
    api.allowEgressTo(psp(c, mesh, egress));
    expect(one(c, 'Gateway', 'istio-egressgateway')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'istio-egressgateway', namespace: 'istio-system' },
      spec: {
        selector: SELECTOR,
        servers: [{
          port: { number: 80, name: 'https-80-egress-psp', protocol: 'HTTPS' },
          hosts: ['egress/api.psp.example', 'egress/eu.api.psp.example'],
          tls: { mode: 'ISTIO_MUTUAL' },
        }],
      },
    });
    const mtls = (sni: string) => ({ portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL', sni, subjectAltNames: [GATEWAY_ID] } }] });
    expect(one(c, 'DestinationRule', 'istio-egressgateway')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'istio-egressgateway', namespace: 'istio-system' },
      spec: {
        host: GATEWAY_HOST,
        exportTo: ['payments'],
        subsets: [
          { name: 'egress-psp-0', trafficPolicy: mtls('api.psp.example') },
          { name: 'egress-psp-1', trafficPolicy: mtls('eu.api.psp.example') },
        ],
      },
    });
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-allow')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'istio-egressgateway-allow', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: SELECTOR },
        action: 'ALLOW',
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/payments/sa/api'] } }],
          to: [{ operation: { hosts: ['api.psp.example', 'api.psp.example:*', 'eu.api.psp.example', 'eu.api.psp.example:*'] } }],
        }],
      },
    });
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-deny')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'istio-egressgateway-deny', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: SELECTOR },
        action: 'DENY',
        rules: [{
          from: [{ source: { notPrincipals: ['cluster.local/ns/payments/sa/api'] } }],
          when: [{ key: 'connection.sni', values: ['api.psp.example', 'eu.api.psp.example'] }],
        }],
      },
    });
  });

  it('lets the callers\' Sidecar reach the external hosts and the gateway Service', () => {
    const { c, mesh, api, egress } = setup();
    api.allowEgressTo(psp(c, mesh, egress));
    expect(sidecarHosts(c, 'payments')).toEqual([
      'egress/api.psp.example',
      'egress/eu.api.psp.example',
      'istio-system/*',
      `istio-system/${GATEWAY_HOST}`,
    ]);
    expect(sidecarHosts(c, 'jobs')).toEqual(['istio-system/*']);
  });
});

describe('EgressGateway: TLS the workload opens (TLS inside Istio mTLS)', () => {
  it('routes by SNI to the gateway and on as TCP, never decrypting the workload\'s TLS', () => {
    const { c, mesh, api, worker, egress } = setup({}, [443, 8443]);
    const ext = cards(c, mesh, egress, { ports: [{ port: 443, protocol: ExternalProtocol.TLS }, { port: 8443, protocol: ExternalProtocol.HTTPS }] });
    new EgressGateway(c, 'other', { mesh, serviceName: 'other-egress', selector: { app: 'other' }, servicePorts: [443] });
    const gw = new EgressGateway(c, 'gw2', { mesh, namespace: 'egress-gw', selector: { app: 'egress' }, serviceName: 'egress-gw', servicePorts: [443, 8443] });
    const ext2 = new ExternalService(c, 'bank', { mesh, hosts: ['api.bank.example'], ports: [{ port: 8443, protocol: ExternalProtocol.TLS }], egressGateway: gw });
    void ext2;
    worker.allowEgressTo(ext);
    api.allowEgressTo(ext);
    expect(one(c, 'ServiceEntry', 'cards').spec).toMatchObject({ exportTo: ['egress', 'istio-system', 'jobs', 'payments'], resolution: 'DNS' });
    expect(one(c, 'VirtualService', 'cards-egress')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cards-egress', namespace: 'egress' },
      spec: {
        hosts: ['api.cards.example'],
        gateways: ['istio-system/istio-egressgateway', 'mesh'],
        exportTo: ['egress', 'istio-system', 'jobs', 'payments'],
        tls: [
          { match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.cards.example'] }], route: [{ destination: { host: GATEWAY_HOST, subset: 'egress-cards', port: { number: 443 } } }] },
          { match: [{ gateways: ['mesh'], port: 8443, sniHosts: ['api.cards.example'] }], route: [{ destination: { host: GATEWAY_HOST, subset: 'egress-cards', port: { number: 8443 } } }] },
        ],
        tcp: [
          { match: [{ gateways: ['istio-system/istio-egressgateway'], port: 443 }], route: [{ destination: { host: 'api.cards.example', port: { number: 443 } } }] },
          { match: [{ gateways: ['istio-system/istio-egressgateway'], port: 8443 }], route: [{ destination: { host: 'api.cards.example', port: { number: 8443 } } }] },
        ],
      },
    });
    // No TLS origination: the host's rule carries circuit breaking only, for the gateway that connects.
    expect(objects(c, 'DestinationRule').filter((d) => d.metadata.namespace === 'egress').map((d) => [d.metadata.name, d.spec.exportTo, d.spec.trafficPolicy.portLevelSettings])).toEqual([['cards', ['istio-system'], undefined]]);
    expect(one(c, 'Gateway', 'istio-egressgateway').spec.servers).toEqual([
      { port: { number: 443, name: 'tls-443-egress-cards', protocol: 'TLS' }, hosts: ['egress/api.cards.example'], tls: { mode: 'ISTIO_MUTUAL' } },
      { port: { number: 8443, name: 'tls-8443-egress-cards', protocol: 'TLS' }, hosts: ['egress/api.cards.example'], tls: { mode: 'ISTIO_MUTUAL' } },
    ]);
    expect(one(c, 'DestinationRule', 'istio-egressgateway').spec).toEqual({
      host: GATEWAY_HOST,
      exportTo: ['jobs', 'payments'],
      subsets: [{
        name: 'egress-cards',
        trafficPolicy: {
          portLevelSettings: [
            { port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.cards.example', subjectAltNames: [GATEWAY_ID] } },
            { port: { number: 8443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.cards.example', subjectAltNames: [GATEWAY_ID] } },
          ],
        },
      }],
    });
    // On the TCP chain only the SNI tells hosts apart (`hosts` is HTTP-only and would drop the rule).
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/jobs/sa/worker', 'cluster.local/ns/payments/sa/api'] } }],
      when: [{ key: 'connection.sni', values: ['api.cards.example'] }],
    }]);
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-deny').spec.rules).toEqual([{
      from: [{ source: { notPrincipals: ['cluster.local/ns/jobs/sa/worker', 'cluster.local/ns/payments/sa/api'] } }],
      when: [{ key: 'connection.sni', values: ['api.cards.example'] }],
    }]);
    for (const ns of ['payments', 'jobs']) expect(sidecarHosts(c, ns)).toEqual(['egress/api.cards.example', 'istio-system/*', `istio-system/${GATEWAY_HOST}`]);
    // A gateway nothing is routed through emits nothing; the second gateway only its own service.
    expect(objects(c, 'Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual(['istio-system/istio-egressgateway', 'egress-gw/egress-gw']);
    expect(one(c, 'AuthorizationPolicy', 'egress-gw-allow').spec).toEqual({ selector: { matchLabels: { app: 'egress' } }, action: 'ALLOW' });
    expect(one(c, 'AuthorizationPolicy', 'egress-gw-deny').spec).toEqual({
      selector: { matchLabels: { app: 'egress' } },
      action: 'DENY',
      rules: [{ when: [{ key: 'connection.sni', values: ['api.bank.example'] }] }],
    });
  });
});

describe('EgressGateway policies across services', () => {
  it('admits per host only the services that declared it, and denies a host nobody declared', () => {
    const { c, mesh, api, worker, egress } = setup();
    const p = psp(c, mesh, egress);
    const k = cards(c, mesh, egress);
    const unused = new ExternalService(c, 'idle', { mesh, hosts: ['idle.example'], ports: [{ port: 443, protocol: ExternalProtocol.HTTPS }], egressGateway: egress });
    api.allowEgressTo(p);
    api.allowEgressTo(k);
    worker.allowEgressTo(k);
    worker.allowEgressTo(k);
    expect(unused.egressGateway).toBe(egress);
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-allow').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/jobs/sa/worker', 'cluster.local/ns/payments/sa/api'] } }], when: [{ key: 'connection.sni', values: ['api.cards.example'] }] },
      { from: [{ source: { principals: ['cluster.local/ns/payments/sa/api'] } }], to: [{ operation: { hosts: ['api.psp.example', 'api.psp.example:*', 'eu.api.psp.example', 'eu.api.psp.example:*'] } }] },
    ]);
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-deny').spec.rules).toEqual([
      { from: [{ source: { notPrincipals: ['cluster.local/ns/jobs/sa/worker', 'cluster.local/ns/payments/sa/api'] } }], when: [{ key: 'connection.sni', values: ['api.cards.example'] }] },
      { from: [{ source: { notPrincipals: ['cluster.local/ns/payments/sa/api'] } }], when: [{ key: 'connection.sni', values: ['api.psp.example', 'eu.api.psp.example'] }] },
      { when: [{ key: 'connection.sni', values: ['idle.example'] }] },
    ]);
    expect(one(c, 'Gateway', 'istio-egressgateway').spec.servers.map((s: any) => s.port.name)).toEqual(['https-80-egress-psp', 'tls-443-egress-cards', 'tls-443-payments-idle']);
    expect(one(c, 'DestinationRule', 'istio-egressgateway').spec.subsets.map((s: any) => s.name)).toEqual(['egress-cards', 'egress-psp-0', 'egress-psp-1', 'payments-idle']);
    expect(one(c, 'DestinationRule', 'istio-egressgateway').spec.exportTo).toEqual(['jobs', 'payments']);
    expect(one(c, 'ServiceEntry', 'idle').spec.exportTo).toEqual(['istio-system', 'payments']);
  });

  it('admits nothing while no service declared the routed host', () => {
    const { c, mesh, egress } = setup();
    cards(c, mesh, egress);
    expect(one(c, 'AuthorizationPolicy', 'istio-egressgateway-allow').spec).toEqual({ selector: { matchLabels: SELECTOR }, action: 'ALLOW' });
    expect(one(c, 'DestinationRule', 'istio-egressgateway').spec.exportTo).toEqual(['.']);
  });

  it('does not depend on the order of the declarations', () => {
    const synth = (reverse: boolean) => {
      const { c, mesh, api, worker, egress } = setup();
      const [k, p] = reverse ? [cards(c, mesh, egress), psp(c, mesh, egress)] : [undefined, psp(c, mesh, egress)];
      const ks = { k: k ?? cards(c, mesh, egress), p };
      const calls = [() => api.allowEgressTo(ks.p), () => worker.allowEgressTo(ks.k), () => api.allowEgressTo(ks.k)];
      (reverse ? calls.reverse() : calls).forEach((f) => f());
      return Object.fromEntries(Testing.synth(c).map((o: any) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
    };
    const forward = synth(false);
    expect(Object.keys(forward)).toEqual(expect.arrayContaining(['Gateway/istio-system/istio-egressgateway', 'AuthorizationPolicy/istio-system/istio-egressgateway-deny']));
    expect(synth(true)).toEqual(forward);
  });

  it('follows the gateway\'s namespace, labels, identity, Service and the mesh\'s trust and cluster domains', () => {
    const { c, mesh, api } = setup({ trustDomain: 'corp.example', clusterDomain: 'corp.internal' });
    const gw = new EgressGateway(c, 'gw', {
      mesh,
      namespace: 'egress-gw',
      selector: { 'app.kubernetes.io/name': 'egress', istio: 'egress' },
      serviceAccountName: 'egress-sa',
      serviceName: 'egress',
      servicePorts: [8443, 443],
    });
    expect(gw.selector).toEqual({ 'app.kubernetes.io/name': 'egress', istio: 'egress' });
    expect(gw.servicePorts).toEqual([443, 8443]);
    api.allowEgressTo(cards(c, mesh, gw, { ports: [{ port: 8443, protocol: ExternalProtocol.TLS }] }));
    expect(one(c, 'Gateway', 'egress').metadata.namespace).toBe('egress-gw');
    expect(one(c, 'Gateway', 'egress').spec.selector).toEqual({ 'app.kubernetes.io/name': 'egress', istio: 'egress' });
    expect(one(c, 'DestinationRule', 'egress').spec).toEqual({
      host: 'egress.egress-gw.svc.corp.internal',
      exportTo: ['payments'],
      subsets: [{ name: 'egress-cards', trafficPolicy: { portLevelSettings: [{ port: { number: 8443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.cards.example', subjectAltNames: ['spiffe://corp.example/ns/egress-gw/sa/egress-sa'] } }] } }],
    });
    expect(one(c, 'VirtualService', 'cards-egress').spec.gateways).toEqual(['egress-gw/egress', 'mesh']);
    expect(one(c, 'AuthorizationPolicy', 'egress-allow')).toMatchObject({
      metadata: { namespace: 'egress-gw' },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'egress', istio: 'egress' } }, rules: [{ from: [{ source: { principals: ['corp.example/ns/payments/sa/api'] } }] }] },
    });
    expect(one(c, 'AuthorizationPolicy', 'egress-deny').metadata.namespace).toBe('egress-gw');
    expect(one(c, 'ServiceEntry', 'cards').spec.exportTo).toEqual(['egress', 'egress-gw', 'payments']);
    expect(sidecarHosts(c, 'payments')).toEqual(['egress-gw/egress.egress-gw.svc.corp.internal', 'egress/api.cards.example', 'istio-system/*']);
  });

  it('shortens long subset and server names deterministically', () => {
    const { c, mesh, api, egress } = setup();
    const ns = `n${'s'.repeat(40)}`;
    const name = `x${'y'.repeat(40)}`;
    api.allowEgressTo(new ExternalService(c, 'long', { mesh, namespace: ns, name, hosts: ['a.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], egressGateway: egress }));
    const subset = one(c, 'DestinationRule', 'istio-egressgateway').spec.subsets[0].name;
    expect(subset).toMatch(/^ns{40}-xy{11}-[0-9a-f]{8}$/);
    expect(subset.length).toBeLessThanOrEqual(63);
    expect(one(c, 'VirtualService', `${name}-egress`).spec.tls[0].route[0].destination.subset).toBe(subset);
    expect(one(c, 'Gateway', 'istio-egressgateway').spec.servers[0].port.name).toMatch(/^tls-443-ns{40}-xy{3}-[0-9a-f]{8}$/);
  });
});

describe('EgressGateway: bad input', () => {
  it.each<[string, object, RegExp]>([
    ['an empty selector', { selector: {} }, /empty egress gateway selector \{\}: expected at least one label: an empty selector would make the gateway's policies apply to every workload/],
    ['an invalid selector key', { selector: { 'bad key': 'x' } }, /invalid selector label key "bad key": expected a Kubernetes label key/],
    ['an invalid selector value', { selector: { istio: 'egress gateway' } }, /invalid selector label value of istio "egress gateway": expected a Kubernetes label value/],
    ['a selector value that is not a string', { selector: { istio: 1 } }, /invalid selector label value of istio 1: expected a string/],
    ['an invalid namespace', { namespace: 'Istio_System' }, /invalid namespace "Istio_System"/],
    ['an invalid Service name', { serviceName: '1gw' }, /invalid service name "1gw": expected a DNS-1035 label/],
    ['an invalid service account name', { serviceAccountName: 'Egress' }, /invalid service account name "Egress"/],
    ['no service ports', { servicePorts: [] }, /no egress gateway service ports \[\]/],
    ['a service port out of range', { servicePorts: [443, 70000] }, /servicePorts\[1\] out of range 70000/],
    ['a reserved service port', { servicePorts: [15021] }, /servicePorts\[0\]: port reserved by the Istio proxy 15021/],
    ['a duplicate service port', { servicePorts: [443, 443] }, /servicePorts\[1\]: duplicate port 443/],
    ['an unknown option', { selectors: { istio: 'x' } }, /unknown EgressGateway option "selectors"/],
  ])('rejects %s', (_t, override, message) => {
    const { c, mesh } = setup();
    expect(() => new EgressGateway(c, 'bad', { mesh, serviceName: 'bad', ...override } as any)).toThrow(message);
  });

  it('rejects a mesh that is not a Mesh and a gateway declared twice', () => {
    const { c, mesh } = setup();
    expect(() => new EgressGateway(c, 'x', { mesh: {} as any })).toThrow(/mesh is not a cdk8s-mesh Mesh/);
    expect(() => new EgressGateway(c, 'again', { mesh, selector: { app: 'other' } })).toThrow(/egress gateway declared twice "istio-system\/istio-egressgateway": expected one EgressGateway per gateway deployment \(test\/egress already refers to the Service/);
    expect(() => new EgressGateway(c, 'same-pods', { mesh, serviceName: 'alias' })).toThrow(/egress gateway declared twice "istio-system\/alias": .*test\/egress already refers to the pods selected by \{"istio":"egressgateway"\} in istio-system/);
  });

  it('rejects an external service with a gateway of another mesh', () => {
    const { c, mesh } = setup();
    const other = new EgressGateway(new Chart(Testing.app(), 'other'), 'egress', { mesh: new Mesh(new Chart(Testing.app(), 'o2'), 'mesh') });
    expect(() => cards(c, mesh, other)).toThrow(/test\/cards: egress gateway of another mesh "other\/egress": expected an EgressGateway of the mesh test\/mesh/);
  });

  it.each<[string, object, RegExp]>([
    ['a wildcard host', { hosts: ['*.cards.example'] }, /wildcard host "\*\.cards\.example": expected exact hosts/],
    ['a plaintext exception', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP }], tls: EgressTls.plaintext('legacy partner without TLS, RISK-7') }, /plaintext egress through an egress gateway "legacy partner without TLS, RISK-7"/],
    ['a port the gateway does not serve', { ports: [{ port: 8443, protocol: ExternalProtocol.TLS }] }, /port not served by the egress gateway 8443: expected a port of the gateway's Service istio-system\/istio-egressgateway \(80, 443\)/],
  ])('rejects an external service with %s', (_t, override, message) => {
    const { c, mesh, egress } = setup();
    expect(() => cards(c, mesh, egress, override)).toThrow(message);
  });

  it('rejects a host routed twice, and clashing object names', () => {
    const { c, mesh, egress } = setup();
    cards(c, mesh, egress);
    expect(() => new ExternalService(c, 'cards2', { mesh, hosts: ['api.cards.example'], ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: ['x.example'] }), egressGateway: egress }))
      .toThrow(/test\/cards2: host already routed through this egress gateway "api\.cards\.example": expected each host routed by one ExternalService \(test\/cards routes it\)/);
    new ExternalService(c, 'a-b', { mesh, namespace: 'x', hosts: ['one.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], egressGateway: egress });
    expect(() => new ExternalService(c, 'b', { mesh, namespace: 'x-a', hosts: ['two.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], egressGateway: egress }))
      .toThrow(/egress gateway object name clash "x-a-b"/);
  });

  it('rejects a host another external service declares too, routed or not', () => {
    const { c, mesh, api, egress } = setup();
    api.allowEgressTo(cards(c, mesh, egress));
    expect(() => new ExternalService(c, 'direct', { mesh, hosts: ['api.cards.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] }))
      .toThrow(/test\/direct: external host declared twice "api\.cards\.example"/);
  });
});
