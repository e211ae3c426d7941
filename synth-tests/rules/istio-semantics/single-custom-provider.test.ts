// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, meshConfig, namespace } from './fixtures';
import { SINGLE_CUSTOM_PROVIDER } from '../../../lib/validate/rules/istio-semantics/single-custom-provider';
import { check, verdicts, violations } from '../harness';

const SIDECAR = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart');
const PROVIDERS = meshConfig(`extensionProviders:
- name: opa
  envoyExtAuthzGrpc: { service: opa.authz.svc.cluster.local, port: 9191 }
- name: oauth2
  envoyExtAuthzHttp: { service: oauth2.authz.svc.cluster.local, port: 4180 }`);
const CUSTOM = (name: string, provider: string, path: string) => authz('shop', name, `selector: { matchLabels: { app: cart } }
action: CUSTOM
provider: { name: ${provider} }
rules: [{ to: [{ operation: { paths: [${path}] } }] }]`);

describe('MESH-SEM-18: each proxy\'s CUSTOM policies reach one external authorizer, declared in the mesh config', () => {
  it('Compliance 1: two CUSTOM policies of one declared provider', () => {
    const yaml = SIDECAR + PROVIDERS + CUSTOM('admin', 'opa', '/admin/*') + CUSTOM('reports', 'opa', '/reports/*');
    expect(verdicts(check(SINGLE_CUSTOM_PROVIDER, yaml))).toEqual(['compliant AuthorizationPolicy shop/admin', 'compliant AuthorizationPolicy shop/reports']);
  });

  it('Noncompliance 1: two providers on one workload without PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS', () => {
    const out = violations(check(SINGLE_CUSTOM_PROVIDER, SIDECAR + PROVIDERS + CUSTOM('admin', 'opa', '/admin/*') + CUSTOM('login', 'oauth2', '/login')));
    expect(verdicts(out)).toEqual(['non-compliant AuthorizationPolicy shop/admin', 'non-compliant AuthorizationPolicy shop/login']);
    expect(out[0].message).toBe('CUSTOM AuthorizationPolicy shop/admin shares the proxy of shop/cart with AuthorizationPolicy shop/login, which together name '
      + 'providers "oauth2" and "opa", so Istio generates deny rules for every request these policies match; expected one declared provider per proxy, on proxies that call it');
  });

  it('Noncompliance 2: a provider the mesh config does not declare', () => {
    const [v] = violations(check(SINGLE_CUSTOM_PROVIDER, SIDECAR + PROVIDERS + CUSTOM('admin', 'opa-v2', '/admin/*')));
    expect(v.message).toMatch(/names provider "opa-v2", which meshConfig.extensionProviders does not declare/);
  });

  it('Noncompliance 3: a CUSTOM policy on a proxyless gRPC server is dropped (fail-open, §b7)', () => {
    const proxyless = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart', { annotations: 'inject.istio.io/templates: grpc-agent' });
    const [v] = violations(check(SINGLE_CUSTOM_PROVIDER, proxyless + PROVIDERS + CUSTOM('admin', 'opa', '/shop.Cart/*')));
    expect(v.message).toBe('CUSTOM AuthorizationPolicy shop/admin applies to proxyless gRPC workloads shop/cart, which drop CUSTOM policies silently, so the '
      + 'authorizer is never called for them (fail-open); expected one declared provider per proxy, on proxies that call it');
  });

  it('NotApplicable: no CUSTOM policy', () => {
    expect(check(SINGLE_CUSTOM_PROVIDER, SIDECAR + PROVIDERS + authz('shop', 'cart', 'rules: [{}]'))).toEqual([]);
  });
});
