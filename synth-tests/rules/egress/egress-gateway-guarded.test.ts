// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { object } from './fixtures';
import { EGRESS_GATEWAY_GUARDED } from '../../../lib/validate/rules/egress/egress-gateway-guarded';
import { check, verdicts, violations } from '../harness';

const NET = 'networking.istio.io/v1';
const GW_HOST = 'istio-egressgateway.istio-system.svc.cluster.local';
const gateway = (selector = { istio: 'egressgateway' }) => object(NET, 'Gateway', 'istio-egressgateway', 'istio-system', {
  selector, servers: [{ port: { number: 443, name: 'tls-443', protocol: 'TLS' }, hosts: ['shop/api.example.com'], tls: { mode: 'ISTIO_MUTUAL' } }],
});
const entry = object(NET, 'ServiceEntry', 'api', 'shop', { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }], exportTo: ['.'] });
const policy = (spec: Record<string, unknown>) => object('security.istio.io/v1', 'AuthorizationPolicy', 'egress-allow', 'istio-system', { selector: { matchLabels: { istio: 'egressgateway' } }, ...spec });
const CALLERS = { action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/cart'] } }] }] };
const route = (meshDestination: string, gateways = ['mesh', 'istio-system/istio-egressgateway']) => object(NET, 'VirtualService', 'api-egress', 'shop', {
  hosts: ['api.example.com'], gateways,
  tls: [{ match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.example.com'] }], route: [{ destination: { host: meshDestination, port: { number: 443 } } }] }],
  tcp: [{ match: [{ gateways: ['istio-system/istio-egressgateway'], port: 443 }], route: [{ destination: { host: 'api.example.com', port: { number: 443 } } }] }],
});

describe('MESH-EGRESS-05: egress gateways are guarded and the external hosts they serve are routed through them', () => {
  it('Compliance: an ALLOW policy selects the gateway and the two-hop route sends mesh traffic to it', () => {
    const out = check(EGRESS_GATEWAY_GUARDED, gateway() + entry + policy(CALLERS) + route(GW_HOST));
    expect(verdicts(out)).toEqual(['compliant Gateway istio-system/istio-egressgateway', 'compliant VirtualService shop/api-egress']);
    expect(out[0].message).toMatch(/guarded by AuthorizationPolicy istio-system\/egress-allow/);
    expect(out[1].message).toMatch(/routes "api.example.com" from the mesh to egress Gateway istio-system\/istio-egressgateway/);
  });

  it('Noncompliance 1: no AuthorizationPolicy selects the gateway pods', () => {
    const out = violations(check(EGRESS_GATEWAY_GUARDED, gateway() + entry + route(GW_HOST)));
    expect(out.map((v) => v.message)).toEqual([expect.stringMatching(/^egress Gateway istio-system\/istio-egressgateway \(pods \{"istio":"egressgateway"\}\) is selected by no AuthorizationPolicy/)]);
  });

  it('Noncompliance 2: an ALLOW policy with an empty rule admits everybody and guards nothing', () => {
    const [v] = violations(check(EGRESS_GATEWAY_GUARDED, gateway() + entry + policy({ action: 'ALLOW', rules: [{}] }) + route(GW_HOST)));
    expect(v.subject).toMatchObject({ kind: 'Gateway', name: 'istio-egressgateway' });
  });

  it('Noncompliance 3: no VirtualService routes the host through the gateway', () => {
    const [v] = violations(check(EGRESS_GATEWAY_GUARDED, gateway() + entry + policy(CALLERS) + route('api.example.com', ['mesh'])));
    expect(v.message).toMatch(/external host "api.example.com" is served by egress Gateway istio-system\/istio-egressgateway but no VirtualService routes it from the mesh/);
  });

  it('Noncompliance 4: the route binds the gateway but sends mesh traffic straight out', () => {
    const [v] = violations(check(EGRESS_GATEWAY_GUARDED, gateway() + entry + policy(CALLERS) + route('api.example.com')));
    expect(v.subject).toMatchObject({ kind: 'VirtualService', name: 'api-egress' });
    expect(v.message).toMatch(/its mesh routes go to \["api.example.com"\], not to the gateway Service in istio-system/);
  });

  it('NotApplicable: only an ingress Gateway', () => {
    const ingress = object(NET, 'Gateway', 'ingress', 'istio-system', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['www.example.com'] }] });
    expect(check(EGRESS_GATEWAY_GUARDED, ingress + entry)).toEqual([]);
  });
});
