// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AUTHORIZER_CHANNEL } from '../../../lib/validate/rules/authz/authorizer-channel';
import { check, verdicts, violations } from '../harness';
import { SIDECAR, authz, object, selectApp, workload, yaml } from './fixtures';

/** The SDK's shared mesh config ConfigMap with the given extension providers. */
function meshConfig(providers: Record<string, unknown>[]): string {
  const mesh = JSON.stringify({ extensionProviders: providers });
  return JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'cdk8s-mesh-config', namespace: 'istio-system', annotations: { 'mesh.cdk8s.io/istiod-env': 'SHARED_MESH_CONFIG=cdk8s-mesh-config' } },
    data: { mesh },
  });
}

const STRICT = object('security.istio.io/v1', 'PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } });
const OPA = workload('authz', 'opa', { ...SIDECAR, port: 9191, protocol: 'grpc', risk: 'high' });
const PAYMENTS = workload('shop', 'payments', { ...SIDECAR, risk: 'high' });

function grpcProvider(service: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'opa', envoyExtAuthzGrpc: { service, port: 9191, ...extra } };
}

function custom(annotations: Record<string, string> = {}): string {
  return authz('shop', 'payments-custom', { ...selectApp('payments'), action: 'CUSTOM', provider: { name: 'opa' }, rules: [{ to: [{ operation: { paths: ['/transfers'] } }] }] }, annotations);
}

describe('MESH-AUTHZ-08: every external authorizer is reached over mutual TLS or TLS and fails closed', () => {
  it('Compliance: an in-mesh authorizer under mesh-wide STRICT mTLS, failing closed (what ExternalAuthorizer renders)', () => {
    const out = check(AUTHORIZER_CHANNEL, yaml(STRICT, OPA, PAYMENTS, custom(), meshConfig([grpcProvider('opa.authz.svc.cluster.local', { failOpen: false }), { name: 'otel', opentelemetry: { service: 'otel.obs.svc.cluster.local', port: 4317 } }])));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/cdk8s-mesh-config']);
    expect(out[0].message).toBe('extension provider "opa" (opa.authz.svc.cluster.local:9191) is reached over STRICT mTLS (in-mesh Service authz/opa) and fails closed');
    expect(out[0].risk).toBe('high');
  });

  it('Compliance: an authorizer outside the mesh behind a DestinationRule originating TLS', () => {
    const out = check(AUTHORIZER_CHANNEL, yaml(
      meshConfig([{ name: 'ext', envoyExtAuthzHttp: { service: 'authz.example.com', port: 443 } }]),
      object('networking.istio.io/v1', 'DestinationRule', 'istio-system', 'authz', { host: 'authz.example.com', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE' } }] } }),
    ));
    expect(out[0].message).toMatch(/is reached over TLS \(tls mode SIMPLE of DestinationRule istio-system\/authz\) and fails closed$/);
  });

  it('Noncompliance 1: a namespace PeerAuthentication lowers the authorizer to PERMISSIVE', () => {
    const [v] = violations(check(AUTHORIZER_CHANNEL, yaml(STRICT, OPA, meshConfig([grpcProvider('opa.authz.svc.cluster.local')]),
      object('security.istio.io/v1', 'PeerAuthentication', 'authz', 'default', { mtls: { mode: 'PERMISSIVE' } }))));
    expect(v.message).toMatch(/^extension provider "opa" \(opa\.authz\.svc\.cluster\.local:9191\) is reached over mTLS that is not enforced: authz\/opa resolves to PERMISSIVE \(PeerAuthentication authz\/default\); expected/);
  });

  it('Noncompliance 2: an external authorizer in plaintext, and one whose DestinationRule disables TLS', () => {
    const plain = violations(check(AUTHORIZER_CHANNEL, meshConfig([grpcProvider('authz.example.com')])));
    expect(plain[0].message).toMatch(/is reached outside the mesh without a DestinationRule setting tls mode SIMPLE or MUTUAL/);
    const disabled = violations(check(AUTHORIZER_CHANNEL, yaml(STRICT, OPA, meshConfig([grpcProvider('opa.authz.svc.cluster.local')]),
      object('networking.istio.io/v1', 'DestinationRule', 'authz', 'opa', { host: 'opa', trafficPolicy: { tls: { mode: 'DISABLE' } } }))));
    expect(disabled[0].message).toMatch(/is reached with tls mode "DISABLE" of DestinationRule authz\/opa/);
  });

  it('Noncompliance 3: failing open is a finding, justified by the SDK\'s annotation on the CUSTOM policy', () => {
    const unjustified = violations(check(AUTHORIZER_CHANNEL, yaml(STRICT, OPA, PAYMENTS, custom(), meshConfig([grpcProvider('opa.authz.svc.cluster.local', { failOpen: true })]))));
    expect(unjustified[0].message).toMatch(/\(opa\.authz\.svc\.cluster\.local:9191\) sets failOpen: true; expected .*failOpen unset or false$/);
    expect(unjustified[0].justification).toBeUndefined();
    const justified = violations(check(AUTHORIZER_CHANNEL, yaml(STRICT, OPA, PAYMENTS, custom({ 'mesh.cdk8s.io/authorizer-fail-open': 'checkout must survive OPA outages (INC-42)' }),
      meshConfig([grpcProvider('opa.authz.svc.cluster.local', { failOpen: true })]))));
    expect(justified[0].justification).toBe('checkout must survive OPA outages (INC-42)');
  });

  it('Noncompliance 4: the fail-open justification does not excuse a plaintext channel', () => {
    const [v] = violations(check(AUTHORIZER_CHANNEL, yaml(PAYMENTS, custom({ 'mesh.cdk8s.io/authorizer-fail-open': 'checkout must survive OPA outages' }),
      meshConfig([grpcProvider('authz.example.com', { failOpen: true })]))));
    expect(v.message).toMatch(/is reached outside the mesh .* and sets failOpen: true/);
    expect(v.justification).toBeUndefined();
  });

  it('NotApplicable: no ext_authz provider', () => {
    expect(check(AUTHORIZER_CHANNEL, yaml(STRICT, meshConfig([{ name: 'otel', opentelemetry: { service: 'otel.obs.svc.cluster.local', port: 4317 } }])))).toEqual([]);
  });
});
