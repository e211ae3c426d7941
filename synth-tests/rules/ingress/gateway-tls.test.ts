// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { GATEWAY_TLS } from '../../../lib/validate/rules/ingress/gateway-tls';
import { check, checkCorpus, verdicts, violations } from '../harness';
import { SIDECAR, expectCorpusErrors, gateway, httpRoute, httpsListener, toService, workload, yaml } from '../authz/fixtures';

const HTTP = { name: 'http', port: 80, protocol: 'HTTP' };

describe('MESH-ING-02: ingress gateway listeners accept TLS only', () => {
  it('Compliance: HTTPS and TLS listeners, a redirect-only HTTP listener, Istio servers with TLS or httpsRedirect', () => {
    const out = checkCorpus(GATEWAY_TLS, 'MESH-ING-02-valid.yaml');
    expect(verdicts(out)).toEqual(['compliant Gateway edge/edge', 'compliant Gateway edge/passthrough', 'compliant Gateway istio-system/public']);
    expect(out[0].message).toBe('Gateway edge/edge: listener https-shop.example.com (HTTPS 443) encrypts, listener http-shop.example.com (HTTP 80) only redirects to https (HTTPRoute edge/edge-https-redirect)');
  });

  it('Noncompliance 1-4: a forwarding HTTP listener, a TCP listener, an idle HTTP listener, Istio servers without TLS', () => {
    expectCorpusErrors(checkCorpus(GATEWAY_TLS, 'MESH-ING-02-invalid.yaml'), 'MESH-ING-02-invalid.yaml');
  });

  it('Noncompliance 5: the SDK\'s plaintext-listener justification suppresses an HTTP listener, with the risk of the routed workloads', () => {
    const [v] = violations(check(GATEWAY_TLS, yaml(
      gateway('edge', 'edge', [httpsListener(), HTTP], 'istio', { 'mesh.cdk8s.io/ingress-exception.plaintext-listener': 'legacy kiosks cannot do TLS (SEC-12)' }),
      httpRoute('shop', 'web', 'edge', 'edge', [toService('web')]),
      workload('shop', 'web', { ...SIDECAR, risk: 'high' }),
    )));
    expect(v).toMatchObject({ justification: 'legacy kiosks cannot do TLS (SEC-12)', risk: 'high' });
    expect(GATEWAY_TLS.severityByRisk).toEqual({ high: 'error' });
  });

  it('Noncompliance 6: the justification covers HTTP listeners only, not a TCP one', () => {
    const [v] = violations(check(GATEWAY_TLS, gateway('edge', 'edge', [HTTP, { name: 'tcp', port: 9000, protocol: 'TCP' }], 'istio', { 'mesh.cdk8s.io/ingress-exception.plaintext-listener': 'legacy kiosks cannot do TLS (SEC-12)' })));
    expect(v.justification).toBeUndefined();
  });

  it('NotApplicable: waypoints', () => {
    expect(check(GATEWAY_TLS, gateway('shop', 'waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }], 'istio-waypoint'))).toEqual([]);
  });
});
