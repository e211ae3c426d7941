// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { Chart, Testing } from 'cdk8s';
import { Mesh, PortProtocol, RiskProfile } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

describe('Mesh', () => {
  it('emits mesh-wide STRICT mTLS in the root namespace', () => {
    const c = chart();
    new Mesh(c, 'mesh');
    const pa = one(c, 'PeerAuthentication', 'default');
    expect(pa).toMatchObject({ apiVersion: 'security.istio.io/v1', metadata: { namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(pa.spec.selector).toBeUndefined();
  });

  it('applies documented defaults', () => {
    const mesh = new Mesh(chart(), 'mesh');
    expect(mesh.trustDomain).toBe('cluster.local');
    expect(mesh.rootNamespace).toBe('istio-system');
    expect(mesh.defaultRiskProfile).toBe(RiskProfile.HIGH);
    expect(mesh.defaultProxyModel.name).toBe('sidecar');
  });

  it('uses a custom root namespace and trust domain', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh', { trustDomain: 'corp.example', rootNamespace: 'mesh-root' });
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }], namespace: 'apps' });
    const b = mesh.addService('b', { image: 'b:1', ports: [{ port: 80 }], namespace: 'apps' });
    b.allowFrom(a);
    expect(one(c, 'PeerAuthentication', 'default').metadata.namespace).toBe('mesh-root');
    expect(one(c, 'AuthorizationPolicy', 'b-allow').spec.rules[0].from[0].source.principals).toEqual(['corp.example/ns/apps/sa/a']);
    expect(a.identity.serviceAccountName).toBe('a');
  });

  it('puts an allow-nothing policy and a labelled Namespace in every namespace it touches, once', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    for (const [id, ns] of [['a', 'one'], ['b', 'one'], ['c', 'two']]) {
      mesh.addService(id, { image: `${id}:1`, ports: [{ port: 8080, protocol: PortProtocol.HTTP }], namespace: ns });
    }
    const denies = objects(c, 'AuthorizationPolicy', 'allow-nothing');
    expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(['one', 'two']);
    for (const p of denies) expect(p.spec).toEqual({ action: 'ALLOW' });
    const namespaces = objects(c, 'Namespace');
    expect(namespaces.map((n) => n.metadata.name).sort()).toEqual(['one', 'two']);
    for (const n of namespaces) {
      expect(n.metadata.labels).toEqual({ 'istio-injection': 'enabled' });
      expect(n.metadata.namespace).toBeUndefined();
    }
  });

  it('defaults services to the chart namespace', () => {
    const c = chart({ namespace: 'shop' });
    const svc = new Mesh(c, 'mesh').addService('cart', { image: 'cart:1', ports: [{ port: 80 }] });
    expect(svc.namespace).toBe('shop');
    expect(objects(c, 'Namespace').map((n) => n.metadata.name)).toEqual(['shop']);
  });

  it.each([
    [{ trustDomain: 'Cluster Local' }, /invalid trust domain "Cluster Local": expected a SPIFFE trust domain/],
    [{ trustDomain: '..' }, /invalid trust domain "\.\."/],
    [{ trustDomain: '-' }, /invalid trust domain "-"/],
    [{ rootNamespace: 'Istio_System' }, /invalid root namespace "Istio_System": expected a DNS-1123 label.*fix: set rootNamespace to a valid name, e.g. "istio-system"/],
  ])('rejects bad mesh settings %j', (props, message) => {
    expect(() => new Mesh(chart(), 'mesh', props)).toThrow(message);
  });

  it('names the construct path in errors', () => {
    expect(() => new Mesh(chart(), 'mesh', { trustDomain: 'UPPER' })).toThrow(/^test\/mesh: /);
  });

  it('rejects a second mesh with the same root namespace in one app', () => {
    const app = Testing.app();
    new Mesh(new Chart(app, 'one'), 'mesh');
    expect(() => new Mesh(new Chart(app, 'two'), 'mesh')).toThrow(/two\/mesh: second mesh with the same root namespace "istio-system": expected one Mesh per root namespace in an app \(one\/mesh already emits/);
  });

  it('rejects a namespace managed by another mesh of the app', () => {
    const app = Testing.app();
    new Mesh(new Chart(app, 'one'), 'mesh').addService('a', { image: 'a:1', ports: [{ port: 80 }], namespace: 'shared' });
    const other = new Mesh(new Chart(app, 'two'), 'mesh', { rootNamespace: 'mesh-two' });
    expect(() => other.addService('b', { image: 'b:1', ports: [{ port: 80 }], namespace: 'shared' })).toThrow(/namespace managed by another mesh "shared"/);
  });

  it.each(['kube-system', 'kube-public', 'kube-node-lease'])('rejects services in the system namespace %s', (ns) => {
    const mesh = new Mesh(chart(), 'mesh');
    expect(() => mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }], namespace: ns })).toThrow(/service in a system namespace.*Istio never injects proxies/);
  });
});
