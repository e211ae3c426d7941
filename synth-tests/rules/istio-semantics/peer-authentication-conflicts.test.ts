// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace, peerAuthentication } from './fixtures';
import { PEER_AUTHENTICATION_CONFLICTS } from '../../../lib/validate/rules/istio-semantics/peer-authentication-conflicts';
import { check, verdicts, violations } from '../harness';

const MESH = peerAuthentication('istio-system', 'default', 'mtls: { mode: STRICT }');
const SHOP = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart', { podLabels: 'tier: backend' });

describe('MESH-SEM-16: each workload\'s mTLS is decided by one PeerAuthentication per level, each of which Istio applies', () => {
  it('Compliance 1: one mesh, one namespace and one workload policy with port-level mTLS', () => {
    const yaml = SHOP + MESH + peerAuthentication('shop', 'shop', 'mtls: { mode: STRICT }')
      + peerAuthentication('shop', 'cart', 'selector: { matchLabels: { app: cart } }\nportLevelMtls: { "9090": { mode: STRICT } }');
    expect(verdicts(check(PEER_AUTHENTICATION_CONFLICTS, yaml))).toEqual([
      'compliant PeerAuthentication istio-system/default', 'compliant PeerAuthentication shop/cart', 'compliant PeerAuthentication shop/shop']);
  });

  it('Noncompliance 1: two namespace-wide policies with different modes (the oldest wins silently)', () => {
    const yaml = SHOP + MESH + peerAuthentication('shop', 'strict', 'mtls: { mode: STRICT }', '2025-01-01T00:00:00Z')
      + peerAuthentication('shop', 'relaxed', 'mtls: { mode: PERMISSIVE }', '2024-01-01T00:00:00Z');
    const out = violations(check(PEER_AUTHENTICATION_CONFLICTS, yaml));
    expect(verdicts(out)).toEqual(['non-compliant PeerAuthentication shop/relaxed', 'non-compliant PeerAuthentication shop/strict']);
    expect(out.find((o) => o.subject.name === 'strict')!.message).toBe('PeerAuthentication shop/strict competes with PeerAuthentication shop/relaxed '
      + 'as the namespace-wide policy of shop; Istio applies only the oldest and drops the others silently, and their modes differ (PERMISSIVE, STRICT); '
      + 'expected one PeerAuthentication per level that Istio applies');
  });

  it('Noncompliance 2: a selector policy in the root namespace, portLevelMtls without selector, overlapping selectors', () => {
    const yaml = SHOP + MESH + peerAuthentication('istio-system', 'cart', 'selector: { matchLabels: { app: cart } }\nmtls: { mode: STRICT }')
      + peerAuthentication('shop', 'ports', 'portLevelMtls: { "8080": { mode: STRICT } }')
      + peerAuthentication('shop', 'by-app', 'selector: { matchLabels: { app: cart } }\nmtls: { mode: STRICT }')
      + peerAuthentication('shop', 'by-tier', 'selector: { matchLabels: { tier: backend } }\nmtls: { mode: STRICT }');
    const out = violations(check(PEER_AUTHENTICATION_CONFLICTS, yaml));
    const message = (name: string) => out.find((o) => `${o.subject.namespace}/${o.subject.name}` === name)!;
    expect(message('istio-system/cart').message).toMatch(/has a selector in the root namespace istio-system, where Istio ignores selector policies/);
    expect(message('shop/ports').message).toMatch(/sets portLevelMtls without a selector, which admission rejects/);
    expect(message('shop/by-tier').severity).toBe('warning');
    expect(message('shop/by-tier').message).toMatch(/competes with PeerAuthentication shop\/by-app as the workload policy of shop\/cart/);
  });

  it('Noncompliance 3: DISABLE for ambient workloads is unsupported (warning)', () => {
    const yaml = namespace('mesh', 'istio.io/dataplane-mode: ambient') + deployment('mesh', 'api') + peerAuthentication('mesh', 'off', 'mtls: { mode: DISABLE }');
    const [v] = violations(check(PEER_AUTHENTICATION_CONFLICTS, yaml));
    expect(v.severity).toBe('warning');
    expect(v.message).toMatch(/sets DISABLE for ambient workloads mesh\/api, which ambient does not support/);
  });

  it('NotApplicable: no PeerAuthentication', () => {
    expect(check(PEER_AUTHENTICATION_CONFLICTS, SHOP)).toEqual([]);
  });
});
