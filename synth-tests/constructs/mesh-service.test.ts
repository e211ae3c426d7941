// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Mesh, MeshService, PortProtocol, RiskProfile, ProxyModel } from 'cdk8s-mesh';
import { chart, one } from '../helpers';

function shop() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh');
  return { c, mesh };
}

describe('MeshService workload', () => {
  it('emits a Deployment, a Service and a dedicated ServiceAccount with the service name', () => {
    const { c, mesh } = shop();
    const svc = mesh.addService('cart', { image: 'ghcr.io/acme/cart:1', ports: [{ port: 8080 }] });
    const sa = one(c, 'ServiceAccount', 'cart');
    expect(sa).toMatchObject({ metadata: { namespace: 'shop' }, automountServiceAccountToken: false });
    const dep = one(c, 'Deployment', 'cart');
    expect(dep.metadata.namespace).toBe('shop');
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.serviceAccountName).toBe('cart');
    expect(dep.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(dep.spec.template.metadata.labels).toMatchObject({ 'app': 'cart', 'app.kubernetes.io/name': 'cart' });
    const service = one(c, 'Service', 'cart');
    expect(service.spec.selector).toEqual(dep.spec.selector.matchLabels);
    expect(svc.identity.spiffeId(mesh.trustDomain)).toBe('spiffe://cluster.local/ns/shop/sa/cart');
    expect(MeshService.isMeshService(svc)).toBe(true);
    expect(svc.proxyModel.name).toBe('sidecar');
    expect(svc.riskProfile).toBe(RiskProfile.HIGH);
  });

  it('renders each port with appProtocol, a protocol-prefixed name and the container port', () => {
    const { c, mesh } = shop();
    mesh.addService('api', {
      image: 'api:1',
      ports: [
        { port: 80, targetPort: 8080 },
        { port: 9090, protocol: PortProtocol.GRPC },
        { port: 8443, protocol: PortProtocol.HTTP2, name: 'http2-internal' },
        { port: 5432, protocol: PortProtocol.TCP },
      ],
    });
    expect(one(c, 'Service', 'api').spec.ports).toEqual([
      { name: 'http-80', port: 80, targetPort: 8080, appProtocol: 'http' },
      { name: 'grpc-9090', port: 9090, targetPort: 9090, appProtocol: 'grpc' },
      { name: 'http2-internal', port: 8443, targetPort: 8443, appProtocol: 'http2' },
      { name: 'tcp-5432', port: 5432, targetPort: 5432, appProtocol: 'tcp' },
    ]);
    const container = one(c, 'Deployment', 'api').spec.template.spec.containers[0];
    expect(container.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['http-80', 8080], ['grpc-9090', 9090], ['http2-internal', 8443], ['tcp-5432', 5432]]);
  });

  it('hardens the pod by default', () => {
    const { c, mesh } = shop();
    mesh.addService('cart', { image: 'cart:1', ports: [{ port: 8080 }] });
    const pod = one(c, 'Deployment', 'cart').spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(one(c, 'Deployment', 'cart').metadata.annotations).toBeUndefined();
  });

  it('relaxes hardening only with a recorded justification', () => {
    const { c, mesh } = shop();
    mesh.addService('legacy', {
      image: 'legacy:1',
      ports: [{ port: 8080 }],
      hardeningExceptions: {
        runAsRoot: 'vendor image binds as root; replacement tracked in SEC-42',
        writableRootFilesystem: 'writes its cache under /var/lib/legacy',
      },
    });
    const dep = one(c, 'Deployment', 'legacy');
    const container = dep.spec.template.spec.containers[0];
    expect(container.securityContext.runAsNonRoot).toBe(false);
    expect(container.securityContext.runAsUser).toBe(0);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(dep.metadata.annotations).toEqual({
      'mesh.cdk8s.io/hardening-exception.run-as-root': 'vendor image binds as root; replacement tracked in SEC-42',
      'mesh.cdk8s.io/hardening-exception.writable-root-filesystem': 'writes its cache under /var/lib/legacy',
    });
  });

  it('uses the given replicas, resources, user, risk profile and proxy model', () => {
    const { c, mesh } = shop();
    const svc = mesh.addService('db', {
      image: 'db:1',
      ports: [{ port: 5432, protocol: PortProtocol.TCP }],
      replicas: 1,
      riskProfile: RiskProfile.MEDIUM,
      proxyModel: ProxyModel.sidecar(),
      runAsUser: 10001,
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.millis(1000) }, memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } },
    });
    expect(svc.riskProfile).toBe(RiskProfile.MEDIUM);
    expect(svc.proxyModel.name).toBe('sidecar');
    const dep = one(c, 'Deployment', 'db');
    expect(dep.spec.replicas).toBe(1);
    expect(dep.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(dep.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '1024Mi' }, limits: { cpu: '1000m', memory: '2048Mi' } });
  });

  it('lists a container port once when two service ports share it', () => {
    const { c, mesh } = shop();
    mesh.addService('web', { image: 'w:1', ports: [{ port: 80, targetPort: 8080 }, { port: 8080, name: 'http-direct' }] });
    expect(one(c, 'Deployment', 'web').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http-80' }]);
    expect(one(c, 'Service', 'web').spec.ports.map((p: any) => [p.port, p.targetPort])).toEqual([[80, 8080], [8080, 8080]]);
  });

  it('records the privilege-escalation exception', () => {
    const { c, mesh } = shop();
    mesh.addService('legacy', { image: 'l:1', ports: [{ port: 80 }], hardeningExceptions: { allowPrivilegeEscalation: 'setuid helper in vendor image, SEC-7' } });
    const dep = one(c, 'Deployment', 'legacy');
    expect(dep.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(true);
    expect(dep.metadata.annotations).toEqual({ 'mesh.cdk8s.io/hardening-exception.allow-privilege-escalation': 'setuid helper in vendor image, SEC-7' });
  });

  it('can be created with new MeshService(...)', () => {
    const { c, mesh } = shop();
    const svc = new MeshService(c, 'orders', { mesh, image: 'orders:1', ports: [{ port: 80 }] });
    expect(mesh.services).toContain(svc);
    expect(one(c, 'Deployment', 'orders').metadata.namespace).toBe('shop');
  });
});

describe('MeshService bad input', () => {
  const base = { image: 'x:1', ports: [{ port: 8080 }] };
  it.each<[string, object, RegExp]>([
    ['invalid service name', { name: 'Cart_Service' }, /test\/mesh\/Cart_Service: invalid service name "Cart_Service": expected a DNS-1035 label.*fix: set name to a valid name, e.g. "cart-service"/],
    ['invalid namespace', { namespace: 'Shop' }, /invalid namespace "Shop": expected a DNS-1123 label/],
    ['root namespace', { namespace: 'istio-system' }, /service in the root namespace "istio-system"/],
    ['missing image', { image: ' ' }, /invalid image " ": expected a container image reference without whitespace/],
    ['an image with whitespace', { image: 'cart:1 ' }, /invalid image "cart:1 "/],
    ['zero replicas', { replicas: 0 }, /invalid replicas 0: expected an integer from 1 to 2147483647/],
    ['the Istio proxy UID', { runAsUser: 1337 }, /invalid runAsUser 1337: expected a non-root UID from 1 to 2147483647 other than 1337/],
    ['root as runAsUser', { runAsUser: 0 }, /invalid runAsUser 0.*fix: pick another UID; to run as root use hardeningExceptions\.runAsRoot/],
    ['a misspelt option', { replica: 3 }, /unknown MeshService option "replica": expected one of mesh, image, ports/],
    ['a misspelt port option', { ports: [{ port: 80, protcol: 'tcp' }] }, /unknown ports\[0\] option "protcol"/],
    ['a misspelt hardening exception', { hardeningExceptions: { runAsroot: 'legacy image needs it badly' } }, /unknown hardeningExceptions option "runAsroot"/],
    ['a port name without a letter', { ports: [{ port: 80, name: '8080' }] }, /invalid port name "8080": expected an IANA service name/],
    ['a port name with a double dash', { ports: [{ port: 80, name: 'http--x' }] }, /invalid port name "http--x"/],
    ['a port name without its protocol', { ports: [{ port: 80, name: 'web' }] }, /port name does not announce its protocol http "web".*fix: rename the port to "http-web"/],
    ['two protocols on one container port', { ports: [{ port: 80, targetPort: 8080 }, { port: 8080, protocol: PortProtocol.TCP }] }, /ports\[1\]: container port 8080 already carries http "tcp": expected one protocol per container port/],
    ['no ports', { ports: [] }, /no ports \[\]: expected at least one port/],
    ['port out of range', { ports: [{ port: 70000 }] }, /ports\[0\]\.port out of range 70000: expected an integer from 1 to 65535/],
    ['target port out of range', { ports: [{ port: 80, targetPort: 0 }] }, /ports\[0\]\.targetPort out of range 0/],
    ['port reserved by Istio', { ports: [{ port: 80, targetPort: 15006 }] }, /container port reserved by the Istio proxy 15006/],
    ['protocol the port name cannot carry', { ports: [{ port: 5432, protocol: PortProtocol.TCP, name: 'http-db' }] }, /port name does not announce its protocol tcp "http-db": expected a name starting with "tcp-".*fix: rename the port to "tcp-db"/],
    ['invalid port name', { ports: [{ port: 80, name: 'HTTP_web' }] }, /invalid port name "HTTP_web"/],
    ['duplicate port', { ports: [{ port: 80 }, { port: 80, name: 'http-again' }] }, /ports\[1\]: duplicate port 80/],
    ['duplicate port name', { ports: [{ port: 80, name: 'http-a' }, { port: 81, name: 'http-a' }] }, /ports\[1\]: duplicate port name "http-a"/],
    ['short hardening justification', { hardeningExceptions: { runAsRoot: 'because' } }, /hardening exception runAsRoot without a justification "because": expected a written justification of at least 10 characters/],
  ])('%s', (_title, override, message) => {
    const { mesh } = shop();
    expect(() => mesh.addService((override as any).name ?? 'cart', { ...base, ...override } as any)).toThrow(message);
  });

  it('rejects a duplicate service name in one namespace, naming both paths', () => {
    const { mesh } = shop();
    mesh.addService('cart', base);
    expect(() => mesh.addService('cart2', { ...base, name: 'cart' })).toThrow(/test\/mesh\/cart2: duplicate service name "shop\/cart": expected a name not yet used in namespace "shop" \(already used by test\/mesh\/cart\)/);
  });

  it('allows the same name in another namespace', () => {
    const { mesh } = shop();
    mesh.addService('cart', base);
    expect(() => mesh.addService('cart-b', { ...base, name: 'cart', namespace: 'other' })).not.toThrow();
  });
});

describe('MeshService names', () => {
  it('requires a DNS-1035 label for the service name, as the API server does for Services', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    expect(() => mesh.addService('svc', { name: '1cart', image: 'x:1', ports: [{ port: 80 }] }))
      .toThrow(/invalid service name "1cart": expected a DNS-1035 label.*starting with a letter.*fix: set name to a valid name, e.g. "cart"/);
  });
});
