// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { CORS_SAFE } from '../../../lib/validate/rules/ingress/cors-safe';
import { check, verdicts, violations } from '../harness';
import { object, yaml } from '../authz/fixtures';

function vs(name: string, corsPolicy?: Record<string, unknown>): string {
  return object('networking.istio.io/v1', 'VirtualService', 'shop', name, { hosts: ['shop.example.com'], http: [{ name: 'api', ...(corsPolicy ? { corsPolicy } : {}), route: [{ destination: { host: 'web' } }] }] });
}

function route(name: string, cors: Record<string, unknown>, onBackend = false): string {
  const filter = { type: 'CORS', cors };
  return object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'shop', name, {
    parentRefs: [{ name: 'edge' }],
    rules: [onBackend ? { backendRefs: [{ name: 'web', port: 80, filters: [filter] }] } : { filters: [filter], backendRefs: [{ name: 'web', port: 80 }] }],
  });
}

describe('MESH-ING-03: no CORS policy allows credentials from any origin', () => {
  it('Compliance: exact origins with credentials, and any origin without credentials', () => {
    const out = check(CORS_SAFE, yaml(
      vs('exact', { allowOrigins: [{ exact: 'https://shop.example.com' }], allowCredentials: true }),
      vs('public', { allowOrigins: [{ exact: '*' }], allowCredentials: false }),
      route('api', { allowOrigins: ['https://shop.example.com'], allowCredentials: true }),
    ));
    expect(verdicts(out)).toEqual(['compliant HTTPRoute shop/api', 'compliant VirtualService shop/exact', 'compliant VirtualService shop/public']);
    expect(out[0].message).toBe('VirtualService shop/exact: 1 CORS policy, none allowing credentials from any origin');
  });

  it('Noncompliance 1: a VirtualService allowing credentials from exact "*" or a match-all regex', () => {
    const out = check(CORS_SAFE, yaml(
      vs('star', { allowOrigins: [{ exact: 'https://a.example' }, { exact: '*' }], allowCredentials: true }),
      vs('regex', { allowOrigins: [{ regex: '.*' }], allowCredentials: true }),
    ));
    expect(verdicts(out)).toEqual(['non-compliant VirtualService shop/regex', 'non-compliant VirtualService shop/star']);
    expect(out[0].message).toBe('VirtualService shop/star allows credentials from any origin: http[0] (api) allowOrigins {"exact":"*"}; expected the trusted origins listed exactly, or allowCredentials false');
    expect(out[1].message).toMatch(/allowOrigins \{"regex":"\.\*"\}/);
  });

  it('Noncompliance 2: the deprecated allowOrigin list with "*"', () => {
    const [v] = violations(check(CORS_SAFE, vs('legacy', { allowOrigin: ['*'], allowCredentials: true })));
    expect(v.message).toMatch(/allowOrigins \{"allowOrigin":"\*"\}/);
  });

  it('Noncompliance 3: an HTTPRoute CORS filter, on the rule or on a backend', () => {
    const out = check(CORS_SAFE, yaml(route('a', { allowOrigins: ['*'], allowCredentials: true }), route('b', { allowOrigins: ['*'], allowCredentials: true }, true)));
    expect(violations(out).map((o) => o.message)).toEqual([
      'HTTPRoute shop/a allows credentials from any origin: rules[0] allowOrigins "*"; expected the trusted origins listed exactly, or allowCredentials false',
      'HTTPRoute shop/b allows credentials from any origin: rules[0].backendRefs[0] allowOrigins "*"; expected the trusted origins listed exactly, or allowCredentials false',
    ]);
  });

  it('NotApplicable: routes without CORS', () => {
    expect(check(CORS_SAFE, yaml(vs('plain'), object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'shop', 'r', { rules: [{ filters: [{ type: 'RequestHeaderModifier' }] }] })))).toEqual([]);
  });
});
