// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, meshConfig, namespace } from './fixtures';
import { REMOTE_IP_TRUSTED_PROXIES } from '../../../lib/validate/rules/istio-semantics/remote-ip-trusted-proxies';
import { check, verdicts, violations } from '../harness';

const GATEWAY = (annotations = '') => `${namespace('edge')}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge, annotations: { ${annotations} } }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
`;
const OFFICE = authz('edge', 'office-only', `targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: public }]
action: ALLOW
rules: [{ from: [{ source: { remoteIpBlocks: [203.0.113.0/24] } }] }]`);

describe('MESH-SEM-11: gateway policies on remoteIpBlocks run where the gateway knows its trusted proxies', () => {
  it('Compliance 1: numTrustedProxies in the mesh config', () => {
    const yaml = GATEWAY() + OFFICE + meshConfig('defaultConfig:\n  gatewayTopology:\n    numTrustedProxies: 1');
    expect(verdicts(check(REMOTE_IP_TRUSTED_PROXIES, yaml))).toEqual(['compliant AuthorizationPolicy edge/office-only']);
  });

  it('Compliance 2: the gateway\'s own proxy config enables the PROXY protocol', () => {
    const yaml = GATEWAY('proxy.istio.io/config: \'{"gatewayTopology": {"proxyProtocol": {}}}\'') + OFFICE;
    expect(verdicts(check(REMOTE_IP_TRUSTED_PROXIES, yaml))).toEqual(['compliant AuthorizationPolicy edge/office-only']);
  });

  it('Noncompliance 1: no gateway topology anywhere', () => {
    const [v] = violations(check(REMOTE_IP_TRUSTED_PROXIES, GATEWAY() + OFFICE));
    expect(v.message).toBe('AuthorizationPolicy edge/office-only matches on the remote client address at Gateway edge/public, which set no '
      + 'gatewayTopology.numTrustedProxies or proxyProtocol, so the address matched is the nearest proxy\'s; expected the gateway topology configured');
  });

  it('Noncompliance 2: a DENY on remote.ip at ingress gateway pods selected by label', () => {
    const yaml = namespace('istio-ingress') + deployment('istio-ingress', 'ingressgateway', { podLabels: 'istio: ingressgateway' })
      + authz('istio-ingress', 'block', 'selector: { matchLabels: { istio: ingressgateway } }\naction: DENY\nrules: [{ when: [{ key: remote.ip, values: [198.51.100.7] }] }]');
    expect(violations(check(REMOTE_IP_TRUSTED_PROXIES, yaml))[0].message).toMatch(/at istio-ingress\/ingressgateway, which set no gatewayTopology/);
  });

  it('NotApplicable: remoteIpBlocks on sidecars, and gateway policies on ipBlocks', () => {
    const sidecar = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'cart')
      + authz('shop', 'cart', 'selector: { matchLabels: { app: cart } }\nrules: [{ from: [{ source: { remoteIpBlocks: [10.0.0.0/8] } }] }]');
    expect(check(REMOTE_IP_TRUSTED_PROXIES, sidecar)).toEqual([]);
    expect(check(REMOTE_IP_TRUSTED_PROXIES, GATEWAY() + OFFICE.replace('remoteIpBlocks', 'ipBlocks'))).toEqual([]);
  });
});
