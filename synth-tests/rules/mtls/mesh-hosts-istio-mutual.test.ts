// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, destinationRule, namespace, service } from './fixtures';
import { MESH_HOSTS_ISTIO_MUTUAL } from '../../../lib/validate/rules/mtls/mesh-hosts-istio-mutual';
import { check, verdicts, violations } from '../harness';

const SHOP = namespace('shop') + deployment({ name: 'cart' }) + service('cart');

describe('MESH-MTLS-03: DestinationRules for mesh services keep Istio mutual TLS', () => {
  it('Compliance: ISTIO_MUTUAL, and no tls at all', () => {
    const out = check(MESH_HOSTS_ISTIO_MUTUAL, SHOP
      + destinationRule('cart', 'cart.shop.svc.cluster.local', { tls: { mode: 'ISTIO_MUTUAL' } })
      + destinationRule('cart-pool', 'cart', { connectionPool: { tcp: { maxConnections: 10 } } }));
    expect(verdicts(out)).toEqual(['compliant DestinationRule shop/cart', 'compliant DestinationRule shop/cart-pool']);
  });

  it('Noncompliance 1: SIMPLE on a service named by its short name', () => {
    const [v] = violations(check(MESH_HOSTS_ISTIO_MUTUAL, SHOP + destinationRule('cart', 'cart', { tls: { mode: 'SIMPLE' } })));
    expect(v.message).toMatch(/^DestinationRule shop\/cart for mesh host "cart" sets trafficPolicy.tls.mode "SIMPLE"; expected ISTIO_MUTUAL or no tls.mode$/);
  });

  it('Noncompliance 2: DISABLE on one port of `name.ns`, from another namespace', () => {
    const [v] = violations(check(MESH_HOSTS_ISTIO_MUTUAL, SHOP + destinationRule('to-cart', 'cart.shop', {
      tls: { mode: 'ISTIO_MUTUAL' },
      portLevelSettings: [{ port: { number: 8080 }, tls: { mode: 'DISABLE' } }],
    }, 'web')));
    expect(v.message).toMatch(/web\/to-cart for mesh host "cart.shop" sets trafficPolicy.portLevelSettings\[0\].tls.mode "DISABLE"/);
  });

  it('Noncompliance 3: MUTUAL on a cluster-local host the manifests do not hold', () => {
    const [v] = violations(check(MESH_HOSTS_ISTIO_MUTUAL, SHOP + destinationRule('db', 'db.data.svc.cluster.local', { tls: { mode: 'MUTUAL', credentialName: 'db-client' } })));
    expect(v.message).toMatch(/"db.data.svc.cluster.local" sets trafficPolicy.tls.mode "MUTUAL"/);
  });

  it('Noncompliance 4: a subset that disables mTLS', () => {
    const yaml = `${SHOP}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: cart, namespace: shop }
spec:
  host: cart.shop.svc
  subsets: [{ name: v1, labels: { version: v1 }, trafficPolicy: { tls: { mode: DISABLE } } }]
`;
    const [v] = violations(check(MESH_HOSTS_ISTIO_MUTUAL, yaml));
    expect(v.message).toMatch(/sets subsets\[0\].trafficPolicy.tls.mode "DISABLE"/);
  });

  it('NotApplicable: TLS origination to an external host', () => {
    expect(check(MESH_HOSTS_ISTIO_MUTUAL, SHOP + destinationRule('api', 'api.example.com', { tls: { mode: 'SIMPLE' } }))).toEqual([]);
  });
});
