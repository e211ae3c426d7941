// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, destinationRule, namespace, service } from './fixtures';
import { findings } from './rule-findings';
import { CONNECTION_LIFETIME } from '../../../lib/validate/rules/mtls/connection-lifetime';
import { check, verdicts, violations } from '../harness';

const cart = (risk: string, extra: { podLabels?: Record<string, string> } = {}): string =>
  namespace('shop') + deployment({ name: 'cart', risk, ...extra }) + service('cart');
const dr = (duration?: string, host = 'cart.shop.svc.cluster.local'): string =>
  destinationRule('cart', host, { connectionPool: { tcp: { maxConnections: 100, ...(duration ? { maxConnectionDuration: duration } : {}) } } });
const ttl = (value: string): string => `---
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: istio-system }
data: { mesh: "defaultConfig: { proxyMetadata: { SECRET_TTL: ${value} } }" }
`;

describe('MESH-MTLS-06: connections to medium- and high-risk services are bounded by the certificate lifetime', () => {
  it('Compliance 1: high risk, 30 minutes', () => {
    const out = check(CONNECTION_LIFETIME, cart('high') + dr('1800s'));
    expect(verdicts(out)).toEqual(['compliant Service shop/cart']);
    expect(out[0].message).toMatch(/DestinationRule shop\/cart sets maxConnectionDuration "1800s", within 30m/);
  });

  it('Compliance 2: medium risk, 1h under the 24h certificate, DestinationRule by short name', () => {
    expect(verdicts(check(CONNECTION_LIFETIME, cart('medium') + dr('1h', 'cart')))).toEqual(['compliant Service shop/cart']);
  });

  it('Noncompliance 1: high risk with an hour is an error', () => {
    const yaml = cart('high') + dr('3600s');
    const [v] = violations(check(CONNECTION_LIFETIME, yaml));
    expect(v.message).toMatch(/^Service shop\/cart: DestinationRule shop\/cart sets maxConnectionDuration "3600s"; expected maxConnectionDuration at most 30m \(high risk, certificate lifetime 24h\)$/);
    expect(findings(CONNECTION_LIFETIME, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'error', risk: 'high' });
  });

  it('Noncompliance 3: a proxyless server without the bound is a note (the model cannot bound connections itself)', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', risk: 'medium', podLabels: { 'sidecar.istio.io/inject': 'true' }, podAnnotations: { 'inject.istio.io/templates': 'grpc-agent' } }) + service('cart');
    const [v] = violations(check(CONNECTION_LIFETIME, yaml));
    expect(v?.severity).toBe('info');
    expect(v?.message).toMatch(/proxyless gRPC model cannot bound connection lifetime by itself/);
  });

  it('Noncompliance 2: high risk bounded by a shorter certificate lifetime', () => {
    const [v] = violations(check(CONNECTION_LIFETIME, cart('high') + dr('1800s') + ttl('20m')));
    expect(v.message).toMatch(/"1800s"; expected maxConnectionDuration at most 20m \(high risk, certificate lifetime 20m\)/);
  });

  it('Noncompliance 3: medium risk without a DestinationRule is a warning', () => {
    const yaml = cart('medium');
    const [v] = violations(check(CONNECTION_LIFETIME, yaml));
    expect(v.message).toMatch(/^Service shop\/cart has no DestinationRule for its host; expected one with trafficPolicy.connectionPool.tcp.maxConnectionDuration at most 24h/);
    expect(findings(CONNECTION_LIFETIME, yaml)[0]).toMatchObject({ severity: 'warning', risk: 'medium' });
  });

  it('Noncompliance 4: a DestinationRule without the field, medium risk beyond a 2h certificate', () => {
    expect(violations(check(CONNECTION_LIFETIME, cart('medium') + dr()))[0].message).toMatch(/DestinationRule shop\/cart sets no trafficPolicy.connectionPool.tcp.maxConnectionDuration/);
    expect(violations(check(CONNECTION_LIFETIME, cart('medium') + dr('3h') + ttl('2h')))[0].message).toMatch(/"3h"; expected maxConnectionDuration at most 2h \(medium risk/);
  });

  it('NotApplicable 1: low risk', () => {
    expect(check(CONNECTION_LIFETIME, cart('low'))).toEqual([]);
  });

  it('NotApplicable 2: a workload on the shared node model (Cilium)', () => {
    const yaml = cart('high', { podLabels: { 'sidecar.istio.io/inject': 'false' } }).replace('istio-injection', 'x-injection') + `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cart, namespace: shop }
spec: { endpointSelector: { matchLabels: { app: cart } } }
`;
    expect(check(CONNECTION_LIFETIME, yaml)).toEqual([]);
  });
});
