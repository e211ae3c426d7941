// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { SERVICE_RESILIENCE } from '../../../lib/validate/rules/resilience/service-resilience';
import { AMBIENT, type DeploymentOptions, PROXYLESS, SIDECAR, deployment, namespace, object, service } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const GUARDED = { connectionPool: { http: { http2MaxRequests: 100 } }, outlierDetection: { consecutive5xxErrors: 5, baseEjectionTime: '30s' } };
const rule = (host: string, trafficPolicy: Record<string, unknown>, ns = 'shop', name = 'cart') => object('networking.istio.io/v1', 'DestinationRule', name, ns, { host, trafficPolicy });
const cart = (opts: DeploymentOptions = SIDECAR, risk = 'high') => namespace('shop') + deployment('cart', 'shop', { ...opts, risk }) + service('cart', 'shop', [8080, 9090]);

describe('MESH-RES-01: every mesh service behind an Envoy proxy has outlier detection and connection-pool limits', () => {
  it('Compliance: a DestinationRule for the FQDN with both', () => {
    const out = check(SERVICE_RESILIENCE, cart() + rule('cart.shop.svc.cluster.local', GUARDED));
    expect(verdicts(out)).toEqual(['compliant DestinationRule shop/cart']);
    expect(out[0].risk).toBe('high');
    expect(out[0].message).toMatch(/gives Service shop\/cart outlier detection and connection-pool limits/);
  });

  it('Compliance: a short host in the service\'s namespace, or a wildcard host, or port-level settings for every port', () => {
    expect(verdicts(check(SERVICE_RESILIENCE, cart() + rule('cart', GUARDED)))).toEqual(['compliant DestinationRule shop/cart']);
    expect(verdicts(check(SERVICE_RESILIENCE, cart() + rule('*.shop.svc.cluster.local', GUARDED, 'shop', 'all')))).toEqual(['compliant DestinationRule shop/all']);
    const perPort = { portLevelSettings: [8080, 9090].map((number) => ({ port: { number }, ...GUARDED })) };
    expect(verdicts(check(SERVICE_RESILIENCE, cart() + rule('cart.shop', perPort)))).toEqual(['compliant DestinationRule shop/cart']);
  });

  it('Noncompliance 1: no DestinationRule is reported on the expected one', () => {
    const [v] = violations(check(SERVICE_RESILIENCE, cart() + rule('cart', GUARDED, 'other')));
    expect(v.subject).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', name: 'cart', namespace: 'shop' });
    expect(v.message).toMatch(/no DestinationRule for the host of Service shop\/cart \(cart.shop.svc.cluster.local\)/);
  });

  it('Noncompliance 2: a DestinationRule with TLS settings only', () => {
    const [v] = violations(check(SERVICE_RESILIENCE, cart() + rule('cart.shop.svc.cluster.local', { tls: { mode: 'ISTIO_MUTUAL' } })));
    expect(v.subject).toMatchObject({ kind: 'DestinationRule', name: 'cart' });
    expect(v.message).toMatch(/DestinationRule shop\/cart for Service shop\/cart has no outlierDetection and no connectionPool limits/);
  });

  it('Noncompliance 3: outlier detection switched off, and port-level limits that miss a port', () => {
    const policy = { outlierDetection: { consecutive5xxErrors: 0 }, portLevelSettings: [{ port: { number: 8080 }, connectionPool: { tcp: { maxConnections: 10 } } }] };
    const [v] = violations(check(SERVICE_RESILIENCE, cart() + rule('cart.shop.svc.cluster.local', policy)));
    expect(v.message).toMatch(/has no outlierDetection and no connectionPool limits/);
  });

  it('Noncompliance 4: ambient without waypoint and proxyless services get an informational note', () => {
    const [ambient] = violations(check(SERVICE_RESILIENCE, cart(AMBIENT, 'medium')));
    expect(ambient.severity).toBe('info');
    expect(ambient.message).toMatch(/Service shop\/cart runs on the ambient model without a waypoint .*not available on that model/);
    const [grpc] = violations(check(SERVICE_RESILIENCE, cart(PROXYLESS, 'medium') + rule('cart', { tls: { mode: 'ISTIO_MUTUAL' } })));
    expect(grpc.severity).toBe('info');
    expect(grpc.message).toMatch(/runs on proxyless gRPC/);
  });

  it('requires the DestinationRule for ambient services with a waypoint', () => {
    const [v] = violations(check(SERVICE_RESILIENCE, cart({ pod: { ...AMBIENT.pod, 'istio.io/use-waypoint': 'cart-waypoint' } }, 'medium')));
    expect(v.severity).toBeUndefined();
    expect(v.subject.kind).toBe('DestinationRule');
  });

  it('NotApplicable: a Service without application workloads', () => {
    expect(check(SERVICE_RESILIENCE, namespace('shop') + service('cart', 'shop'))).toEqual([]);
  });
});
