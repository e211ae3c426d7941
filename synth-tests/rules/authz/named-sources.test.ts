// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { NAMED_SOURCES } from '../../../lib/validate/rules/authz/named-sources';
import { check, checkCorpus, verdicts, violations } from '../harness';
import { SIDECAR, authz, expectCorpusErrors, from, selectApp, workload, yaml } from './fixtures';

describe('MESH-AUTHZ-03: ALLOW rules of application workloads name their callers', () => {
  it('Compliance: the SDK\'s waypoint and ztunnel policies, namespaces, service accounts and narrow blocks', () => {
    const out = checkCorpus(NAMED_SOURCES, 'MESH-AUTHZ-03-valid.yaml');
    expect(verdicts(out)).toEqual([
      'compliant AuthorizationPolicy shop/cart-allow',
      'compliant AuthorizationPolicy shop/cart-batch',
      'compliant AuthorizationPolicy shop/cart-ztunnel',
    ]);
    expect(out[0].risk).toBe('high');
  });

  it('Noncompliance 1-4: no from, principals "*", namespaces "*", everywhere blocks and exclusion-only sources', () => {
    const out = checkCorpus(NAMED_SOURCES, 'MESH-AUTHZ-03-invalid.yaml');
    expectCorpusErrors(out, 'MESH-AUTHZ-03-invalid.yaml');
  });

  it('Noncompliance 5: the risk of the selected workloads is carried, so high risk tightens to error', () => {
    const [v] = violations(check(NAMED_SOURCES, yaml(
      workload('shop', 'cart', { ...SIDECAR, risk: 'low' }),
      workload('shop', 'pay', { ...SIDECAR, risk: 'high' }),
      authz('istio-system', 'open', { action: 'ALLOW', rules: [{ to: [{ operation: { ports: ['8080'] } }] }] }),
    )));
    expect(v.risk).toBe('high');
    expect(NAMED_SOURCES.severityByRisk).toEqual({ high: 'error' });
    expect(v.message).toMatch(/^AuthorizationPolicy istio-system\/open: rule 0 has no from/);
  });

  it('NotApplicable: gateway-only policies, DENY policies and allow-nothing', () => {
    expect(check(NAMED_SOURCES, yaml(
      workload('shop', 'cart', SIDECAR),
      authz('shop', 'allow-nothing', {}),
      authz('shop', 'deny', { ...selectApp('cart'), action: 'DENY', rules: [{}] }),
      authz('istio-system', 'egress', { selector: { matchLabels: { istio: 'egressgateway' } }, action: 'ALLOW', rules: [{ to: [{ operation: { hosts: ['x.example'] } }] }] }),
      authz('edge', 'edge-allow', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'edge' }], rules: [from('x', 'y')] }),
    ))).toEqual([]);
  });
});
