// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace, service } from '../mtls/fixtures';
import { INTERNAL_SERVICES } from '../../../lib/validate/rules/workload/internal-services';
import { check, verdicts, violations } from '../harness';

describe('MESH-WL-07: Services of application workloads are internal', () => {
  it('Compliance: ClusterIP', () => {
    expect(verdicts(check(INTERNAL_SERVICES, namespace('shop') + deployment({ name: 'cart' }) + service('cart')))).toEqual(['compliant Service shop/cart']);
  });

  it('Noncompliance 1: LoadBalancer', () => {
    const [v] = violations(check(INTERNAL_SERVICES, namespace('shop') + deployment({ name: 'cart' }) + service('cart', { type: 'LoadBalancer' })));
    expect(v.message).toMatch(/^Service shop\/cart has type "LoadBalancer"; expected ClusterIP, with external clients routed through an ingress gateway$/);
  });

  it('Noncompliance 2: NodePort', () => {
    const out = check(INTERNAL_SERVICES, namespace('shop') + deployment({ name: 'cart' }) + service('cart-debug', { type: 'NodePort', selector: 'cart' }));
    expect(verdicts(out)).toEqual(['non-compliant Service shop/cart-debug']);
  });

  it('NotApplicable: a gateway\'s LoadBalancer Service', () => {
    const yaml = namespace('edge') + deployment({ name: 'gw', namespace: 'edge', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } })
      + service('gw', { namespace: 'edge', type: 'LoadBalancer' });
    expect(check(INTERNAL_SERVICES, yaml)).toEqual([]);
  });
});
