// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, peerAuthentication, service } from './fixtures';
import { MTLS_FIELDS_NEED_MTLS } from '../../../lib/validate/rules/istio-semantics/mtls-fields-need-mtls';
import { check, verdicts, violations } from '../harness';

const MESH = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart') + service('shop', 'cart');
const STRICT = peerAuthentication('istio-system', 'default', 'mtls: { mode: STRICT }');
const PERMISSIVE = peerAuthentication('shop', 'legacy', 'mtls: { mode: PERMISSIVE }');
const ALLOW_NOT = authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }
action: ALLOW
rules: [{ from: [{ source: { notNamespaces: [legacy] } }] }]`);

describe('MESH-SEM-03: policies that match on peer identity apply only where the workload requires mTLS', () => {
  it('Compliance 1: identity fields under the mesh-wide STRICT PeerAuthentication', () => {
    const out = check(MTLS_FIELDS_NEED_MTLS, MESH + STRICT + ALLOW_NOT);
    expect(verdicts(out)).toEqual(['compliant AuthorizationPolicy shop/cart-allow']);
  });

  it('Compliance 2: a DENY with notPrincipals under PERMISSIVE fails closed for plaintext peers', () => {
    const yaml = MESH + PERMISSIVE + authz('shop', 'cart-deny', `action: DENY
rules: [{ from: [{ source: { notPrincipals: [cluster.local/ns/shop/sa/web] } }] }]`);
    expect(verdicts(check(MTLS_FIELDS_NEED_MTLS, yaml))).toEqual(['compliant AuthorizationPolicy shop/cart-deny']);
  });

  it('Noncompliance 1: ALLOW notNamespaces under a namespace PERMISSIVE admits plaintext from that namespace (ISTIO-SECURITY-2021-004)', () => {
    const [v] = violations(check(MTLS_FIELDS_NEED_MTLS, MESH + STRICT + PERMISSIVE + ALLOW_NOT));
    expect(v.severity).toBeUndefined();
    expect(v.message).toBe('ALLOW AuthorizationPolicy shop/cart-allow rule 0 (from.source.notNamespaces) admits plaintext peers of shop/cart '
      + '(mTLS resolves to PERMISSIVE (PeerAuthentication shop/legacy)), since not* identity fields always match a peer without certificate; '
      + 'expected STRICT mTLS for the workload, or identity fields that fail closed');
  });

  it('Noncompliance 2: DENY namespaces with no PeerAuthentication at all (Istio\'s default PERMISSIVE) lets plaintext through', () => {
    const yaml = MESH + authz('shop', 'cart-deny', `action: DENY
rules: [{ from: [{ source: { namespaces: [legacy] } }] }]`);
    expect(violations(check(MTLS_FIELDS_NEED_MTLS, yaml))[0].message).toMatch(/rule 0 \(from\.source\.namespaces\) never matches plaintext peers of shop\/cart \(mTLS resolves to PERMISSIVE \(Istio's default.*so they are not denied/);
  });

  it('Noncompliance 3: ALLOW principals on a port-level PERMISSIVE port is a warning (plaintext is accepted, then denied)', () => {
    const yaml = MESH + STRICT + peerAuthentication('shop', 'cart-metrics', `selector: { matchLabels: { app: cart } }
portLevelMtls: { "9090": { mode: PERMISSIVE } }`) + authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }
rules:
- from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }]
  to: [{ operation: { ports: ["9090"] } }]
- from: [{ source: { notNamespaces: [legacy] } }]
  to: [{ operation: { ports: ["8080"] } }]`);
    const [v] = violations(check(MTLS_FIELDS_NEED_MTLS, yaml));
    expect(v.severity).toBe('warning');
    expect(v.message).toMatch(/^ALLOW AuthorizationPolicy shop\/cart-allow rule 0 \(from\.source\.principals\) never matches plaintext peers of shop\/cart \(port-level mTLS accepts plaintext on port 9090\)/);
    expect(v.message).not.toMatch(/rule 1/);
  });

  it('Noncompliance 4: proxyless gRPC without the tlsMode label serves PERMISSIVE as plaintext (§b7)', () => {
    const yaml = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart', { annotations: 'inject.istio.io/templates: grpc-agent' })
      + authz('shop', 'cart-allow', `selector: { matchLabels: { app: cart } }
rules: [{ when: [{ key: source.namespace, notValues: [legacy] }] }]`);
    expect(violations(check(MTLS_FIELDS_NEED_MTLS, yaml))[0].message).toMatch(/when source\.namespace notValues\) admits plaintext peers of shop\/cart \(mTLS resolves to PERMISSIVE .*which proxyless gRPC serves as plaintext\)/);
  });

  it('NotApplicable: policies without identity fields, and policies at a waypoint', () => {
    const yaml = MESH + PERMISSIVE + authz('shop', 'cart-ports', `selector: { matchLabels: { app: cart } }
rules: [{ to: [{ operation: { ports: ["8080"] } }] }]`) + authz('shop', 'cart-waypoint', `targetRefs: [{ kind: Service, group: "", name: cart }]
rules: [{ from: [{ source: { notNamespaces: [legacy] } }] }]`);
    expect(check(MTLS_FIELDS_NEED_MTLS, yaml)).toEqual([]);
  });
});
