// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'cdk8s';
import { Probe } from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { Mesh, Peer, PortProtocol, type ResilienceOptions } from 'cdk8s-mesh';
import { chart, objects, one, notUnderTest } from '../helpers';

function shop(resilience?: ResilienceOptions) {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh');
  notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05');
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }], namespace: 'edge' });
  const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 8080 }, { port: 9000, protocol: PortProtocol.TCP }], resilience });
  cart.allowFrom(web);
  return { c, mesh, web, cart };
}

describe('resilience', () => {
  it('gives every service a DestinationRule with circuit breaking, exported to its callers', () => {
    const { c } = shop();
    expect(one(c, 'DestinationRule', 'cart')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        host: 'cart.shop.svc.cluster.local',
        exportTo: ['edge', 'shop'],
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 1024, connectTimeout: '2s', maxConnectionDuration: '1800s' },
            http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1024 },
          },
          outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
          // Explicit for sidecar destinations: proxyless gRPC callers have no automatic mTLS.
          tls: { mode: 'ISTIO_MUTUAL' },
        },
      },
    });
  });

  it('routes each HTTP port with a timeout and safe retries; TCP ports get none', () => {
    const { c } = shop();
    expect(one(c, 'VirtualService', 'cart').spec).toEqual({
      hosts: ['cart.shop.svc.cluster.local'],
      exportTo: ['edge', 'shop'],
      http: [{
        name: 'http-8080',
        match: [{ port: 8080 }],
        route: [{ destination: { host: 'cart.shop.svc.cluster.local', port: { number: 8080 } } }],
        timeout: '10s',
        retries: { attempts: 2, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream' },
      }],
    });
  });

  it('uses the given settings', () => {
    const { c } = shop({
      timeout: Duration.millis(2500),
      retries: { attempts: 0 },
      outlierDetection: { consecutive5xxErrors: 3, baseEjectionTime: Duration.minutes(1) },
      connectionPool: { maxConnections: 100, maxConcurrentRequests: 50 },
      maxConnectionDuration: Duration.minutes(15),
    });
    const dr = one(c, 'DestinationRule', 'cart').spec.trafficPolicy;
    expect(dr.connectionPool.tcp).toEqual({ maxConnections: 100, connectTimeout: '2s', maxConnectionDuration: '900s' });
    expect(dr.connectionPool.http.http2MaxRequests).toBe(50);
    expect(dr.outlierDetection).toMatchObject({ consecutive5xxErrors: 3, baseEjectionTime: '60s' });
    const route = one(c, 'VirtualService', 'cart').spec.http[0];
    expect(route.timeout).toBe('2500ms');
    expect(route.retries).toEqual({ attempts: 0 });
  });

  it('exports to every namespace when any authenticated peer may call, and emits no VirtualService for TCP-only services', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05');
    const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
    db.allowFrom(Peer.anyAuthenticated());
    expect(one(c, 'DestinationRule', 'db').spec.exportTo).toEqual(['*']);
    expect(one(c, 'DestinationRule', 'db').spec.trafficPolicy.connectionPool.http).toBeUndefined();
    expect(objects(c, 'VirtualService')).toEqual([]);
  });

  it.each<[string, ResilienceOptions, RegExp]>([
    ['too many retries', { retries: { attempts: 11 } }, /invalid resilience\.retries\.attempts 11: expected an integer from 0 to 10/],
    ['a zero timeout', { timeout: Duration.millis(0) }, /invalid resilience\.timeout "0ms"/],
    ['an unknown retry condition', { retries: { retryOn: ['sometimes'] } }, /invalid resilience\.retries\.retryOn "sometimes"/],
    ['a per-try timeout above the timeout', { timeout: Duration.seconds(1), retries: { perTryTimeout: Duration.seconds(2) } }, /perTryTimeout exceeds resilience\.timeout "2000ms > 1000ms"/],
    ['an ejection share above 100', { outlierDetection: { maxEjectionPercent: 101 } }, /invalid resilience\.outlierDetection\.maxEjectionPercent 101/],
    ['a misspelt option', { retry: { attempts: 1 } } as ResilienceOptions, /unknown resilience option "retry"/],
  ])('rejects %s', (_t, resilience, message) => {
    expect(() => shop(resilience)).toThrow(message);
  });
});

describe('readiness', () => {
  it('probes the first container port by default', () => {
    const { c } = shop();
    expect(one(c, 'Deployment', 'cart').spec.template.spec.containers[0].readinessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
  });

  it('uses the given probe', () => {
    const c = chart();
    new Mesh(c, 'mesh').addService('api', { image: 'a:1', ports: [{ port: 80, targetPort: 8080 }], readiness: Probe.fromHttpGet('/ready', { port: 8080 }) });
    expect(one(c, 'Deployment', 'api').spec.template.spec.containers[0].readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 8080 } });
  });
});
