// SPDX-License-Identifier: Apache-2.0
import { Chart, Duration, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { EgressTls, ExternalProtocol, ExternalService, HttpMethod, Mesh, Peer } from 'cdk8s-mesh';
import { chart, objects, one, notUnderTest } from '../helpers';

function payments() {
  const c = chart({ namespace: 'payments' });
  const mesh = new Mesh(c, 'mesh');
  notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05', 'MESH-MTLS-06');
  const api = mesh.addService('api', { image: 'a:1', ports: [{ port: 80 }] });
  const worker = mesh.addService('worker', { image: 'w:1', ports: [{ port: 80 }], namespace: 'jobs' });
  return { c, mesh, api, worker };
}

describe('ExternalService', () => {
  it('renders a MESH_EXTERNAL ServiceEntry visible only to its namespace and its callers', () => {
    const { c, mesh, worker } = payments();
    const cards = new ExternalService(c, 'cards', { mesh, namespace: 'egress', hosts: ['api.cards.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] });
    worker.allowEgressTo(cards);
    expect(one(c, 'ServiceEntry', 'cards')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'cards', namespace: 'egress' },
      spec: {
        hosts: ['api.cards.example'],
        ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        exportTo: ['egress', 'jobs'],
      },
    });
    // The callers' sidecars apply circuit breaking towards the host; no TLS is originated.
    expect(one(c, 'DestinationRule', 'cards').spec).toEqual({
      host: 'api.cards.example',
      exportTo: ['egress', 'jobs'],
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1024, connectTimeout: '2s', maxConnectionDuration: '1800s' } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
    });
    expect(objects(c, 'VirtualService').filter((v) => v.metadata.namespace === 'egress')).toEqual([]);
  });

  it('applies the given resilience towards the host: timeouts and retries on HTTP routes, circuit breaking in the rule', () => {
    const { c, mesh, api } = payments();
    const psp = new ExternalService(c, 'psp', {
      mesh,
      hosts: ['api.psp.example'],
      ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
      tls: EgressTls.originate({ subjectAltNames: ['api.psp.example'] }),
      resilience: { timeout: Duration.seconds(4), retries: { attempts: 0 }, connectionPool: { maxConnections: 50 } },
    });
    api.allowEgressTo(psp);
    expect(one(c, 'DestinationRule', 'psp').spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(50);
    expect(one(c, 'VirtualService', 'psp-routes').spec).toEqual({
      hosts: ['api.psp.example'],
      exportTo: ['payments'],
      http: [{ name: 'http-80', match: [{ port: 80 }], route: [{ destination: { host: 'api.psp.example', port: { number: 80 } } }], timeout: '4s', retries: { attempts: 0 } }],
    });
  });

  it('originates TLS with SAN checks for a plain-HTTP port, one DestinationRule per host', () => {
    const { c, mesh, api } = payments();
    const psp = new ExternalService(c, 'psp', {
      mesh,
      hosts: ['api.psp.example', 'eu.api.psp.example'],
      ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
      tls: EgressTls.originate({ subjectAltNames: ['api.psp.example'] }),
    });
    api.allowEgressTo(psp);
    expect(one(c, 'ServiceEntry', 'psp').spec.ports).toEqual([{ number: 80, name: 'http-80', protocol: 'HTTP', targetPort: 443 }]);
    expect(one(c, 'DestinationRule', 'psp-0').spec).toMatchObject({
      host: 'api.psp.example',
      exportTo: ['payments'],
      trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', sni: 'api.psp.example', subjectAltNames: ['api.psp.example'] } }] },
    });
    // Without an explicit sni, each host's rule sends its own name.
    expect(one(c, 'DestinationRule', 'psp-1').spec).toMatchObject({ host: 'eu.api.psp.example', trafficPolicy: { portLevelSettings: [{ tls: { sni: 'eu.api.psp.example' } }] } });
    expect(objects(c, 'VirtualService').filter((v) => v.metadata.name.startsWith('psp')).map((v) => v.metadata.name)).toEqual(['psp-0-routes', 'psp-1-routes']);
  });

  it('sends an explicit sni for every host', () => {
    const { c, mesh } = payments();
    new ExternalService(c, 'psp', {
      mesh,
      hosts: ['api.psp.example', 'eu.api.psp.example'],
      ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }],
      tls: EgressTls.originate({ subjectAltNames: ['psp.example'], sni: 'psp.example' }),
    });
    expect(objects(c, 'DestinationRule').filter((d) => d.metadata.name.startsWith('psp-')).map((d) => d.spec.trafficPolicy.portLevelSettings[0].tls.sni)).toEqual(['psp.example', 'psp.example']);
  });

  it('records a justified plaintext exception', () => {
    const { c, mesh } = payments();
    new ExternalService(c, 'legacy', { mesh, hosts: ['ftp.legacy.example'], ports: [{ port: 21, protocol: ExternalProtocol.TCP }], tls: EgressTls.plaintext('partner FTP bridge, payload PGP-encrypted, RISK-88') });
    const se = one(c, 'ServiceEntry', 'legacy');
    expect(se.metadata.annotations).toEqual({ 'mesh.cdk8s.io/plaintext-egress': 'partner FTP bridge, payload PGP-encrypted, RISK-88' });
    expect(se.spec.resolution).toBe('DNS');
  });

  it.each<[string, object, RegExp]>([
    ['plaintext HTTP without TLS', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP }] }, /plaintext HTTP port 80 leaves the mesh 80: expected TLS or HTTPS ports, TLS origination, or an explicit justified exception/],
    ['an unjustified plaintext exception', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP }], tls: EgressTls.plaintext('because') }, /plaintext egress without a justification "because"/],
    ['origination without SANs', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: [] }) }, /TLS origination without subjectAltNames/],
    ['origination without an HTTP port', { ports: [{ port: 443, protocol: ExternalProtocol.TLS }], tls: EgressTls.originate({ subjectAltNames: ['x'] }) }, /TLS origination without an HTTP port/],
    ['a wildcard host', { hosts: ['*.psp.example'] }, /wildcard host "\*\.psp\.example": expected exact hosts: a wildcard entry cannot be resolved/],
    ['origination without targetPort', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP }], tls: EgressTls.originate({ subjectAltNames: ['x'] }) }, /TLS origination on port 80 without targetPort/],
    ['a TLS port next to origination', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }, { port: 443, protocol: ExternalProtocol.TLS }], tls: EgressTls.originate({ subjectAltNames: ['x'] }) }, /TLS port 443 next to TLS origination/],
    ['an IP address as host', { hosts: ['10.0.0.1'] }, /invalid host "10\.0\.0\.1": expected a fully qualified DNS name/],
    ['a bare wildcard', { hosts: ['*'] }, /invalid host "\*"/],
    ['no ports', { ports: [] }, /no ports \[\]/],
    ['a CA Secret for origination in the sidecar', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: ['x.example'], caSecretName: 'x-ca' }) }, /TLS origination with a CA Secret in the sidecar "x-ca": expected a CA Secret only when an egress gateway originates the TLS: Istio ignores .* so the sidecar would send plaintext/],
    ['a misspelt origination option', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: ['x.example'], caSecret: 'x-ca' } as any) }, /unknown TLS origination option "caSecret"/],
    ['an invalid sni', { ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: ['x.example'], sni: 'not a name' }) }, /invalid TLS origination sni "not a name"/],
    ['a port out of range', { ports: [{ port: 0, protocol: ExternalProtocol.TLS }] }, /ports\[0\]\.port out of range 0/],
  ])('rejects %s', (_t, override, message) => {
    const { c, mesh } = payments();
    expect(() => new ExternalService(c, 'x', { mesh, hosts: ['api.x.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], ...override } as any)).toThrow(message);
  });

  it('rejects a duplicate name and a caller from another mesh', () => {
    const { c, mesh } = payments();
    new ExternalService(c, 'x', { mesh, hosts: ['a.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] });
    expect(() => new ExternalService(c, 'y', { mesh, name: 'x', hosts: ['b.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] })).toThrow(/duplicate external service name "payments\/x"/);
    const other = new Mesh(new Chart(Testing.app(), 'other'), 'mesh').addService('o', { image: 'o:1', ports: [{ port: 80 }] });
    const ext = new ExternalService(c, 'z', { mesh, hosts: ['c.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] });
    expect(() => other.allowEgressTo(ext)).toThrow(/allowEgressTo: external service of another mesh/);
  });
});

describe('namespace Sidecar (REGISTRY_ONLY egress and config scoping)', () => {
  it('lists the control plane, the services that admit the namespace and its declared external hosts', () => {
    const { c, mesh, api, worker } = payments();
    const ledger = mesh.addService('ledger', { image: 'l:1', ports: [{ port: 80 }], namespace: 'core' });
    const status = mesh.addService('status', { image: 's:1', ports: [{ port: 80 }], namespace: 'core' });
    const audit = mesh.addService('audit', { image: 'x:1', ports: [{ port: 80 }], namespace: 'core' });
    const cards = new ExternalService(c, 'cards', { mesh, namespace: 'egress', hosts: ['api.cards.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] });
    ledger.allowFrom(api, { methods: [HttpMethod.POST] });
    status.allowFrom(Peer.anyAuthenticated());
    audit.allowFrom(Peer.namespace('jobs'));
    ledger.allowFrom(worker, { dryRun: true });
    worker.allowEgressTo(cards);
    const sidecar = (ns: string) => objects(c, 'Sidecar').find((s) => s.metadata.namespace === ns)!;
    expect(sidecar('payments')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: 'payments' },
      spec: {
        egress: [{ hosts: ['core/ledger.core.svc.cluster.local', 'core/status.core.svc.cluster.local', 'istio-system/*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      },
    });
    expect(sidecar('jobs').spec.egress[0].hosts).toEqual(['core/audit.core.svc.cluster.local', 'core/status.core.svc.cluster.local', 'egress/api.cards.example', 'istio-system/*']);
    expect(sidecar('core').spec.egress[0].hosts).toEqual(['core/status.core.svc.cluster.local', 'istio-system/*']);
  });

  it('uses the cluster domain of the mesh', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { clusterDomain: 'corp.internal' });
    notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05', 'MESH-MTLS-06');
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    mesh.addService('b', { image: 'b:1', ports: [{ port: 80 }] }).allowFrom(a);
    expect(one(c, 'Sidecar', 'default').spec.egress[0].hosts).toContain('default/b.default.svc.corp.internal');
  });
});
