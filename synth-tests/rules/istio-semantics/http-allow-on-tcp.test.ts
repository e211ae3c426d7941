// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace, service } from './fixtures';
import { HTTP_ALLOW_ON_TCP } from '../../../lib/validate/rules/istio-semantics/http-allow-on-tcp';
import { check, verdicts, violations } from '../harness';

// The workload of istio/istio#37920: two HTTP ports and one TCP port.
const MESH = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'api')
  + service('shop', 'api', '{ name: http-a, port: 18080 }, { name: http-b, port: 17070 }, { name: tcp-c, port: 19090 }');

describe('MESH-SEM-05: ALLOW rules that admit TCP ports of sidecar workloads use no HTTP-only conditions', () => {
  it('Compliance 1: HTTP operations and the TCP port in separate rules', () => {
    const yaml = MESH + authz('shop', 'api-allow', `selector: { matchLabels: { app: api } }
action: ALLOW
rules:
- to: [{ operation: { ports: ["18080"], paths: [/allow] } }, { operation: { ports: ["17070"], paths: [/allow] } }]
- to: [{ operation: { ports: ["19090"] } }]`);
    expect(verdicts(check(HTTP_ALLOW_ON_TCP, yaml))).toEqual(['compliant AuthorizationPolicy shop/api-allow']);
  });

  it('Noncompliance 1: the TCP alternative of a mixed rule is lost (#37920)', () => {
    const yaml = MESH + authz('shop', 'api-allow', `selector: { matchLabels: { app: api } }
action: ALLOW
rules:
- to: [{ operation: { ports: ["18080"], paths: [/allow] } }, { operation: { ports: ["17070"], paths: [/allow] } }, { operation: { ports: ["19090"] } }]`);
    const [v] = violations(check(HTTP_ALLOW_ON_TCP, yaml));
    expect(v.message).toBe('ALLOW AuthorizationPolicy shop/api-allow: rule 0 (HTTP-only to.operation.paths) is dropped on TCP port 19090 '
      + '(Service shop/api port tcp-c) of shop/api, which it means to admit; expected separate rules for HTTP operations and for TCP ports');
  });

  it('Noncompliance 2: a request principal next to a TCP port admits nothing on it', () => {
    const yaml = MESH + authz('shop', 'api-allow', `selector: { matchLabels: { app: api } }
rules: [{ from: [{ source: { requestPrincipals: ["*"] } }], to: [{ operation: { ports: ["19090"] } }] }]`);
    expect(violations(check(HTTP_ALLOW_ON_TCP, yaml))[0].message).toMatch(/rule 0 \(HTTP-only from\.source\.requestPrincipals\) is dropped on TCP port 19090/);
  });

  it('NotApplicable: ALLOW rules without HTTP-only fields, and proxyless workloads (no TCP chains)', () => {
    expect(check(HTTP_ALLOW_ON_TCP, MESH + authz('shop', 'api-allow', 'rules: [{ to: [{ operation: { ports: ["19090"] } }] }]'))).toEqual([]);
    const proxyless = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'api', { annotations: 'inject.istio.io/templates: grpc-agent' })
      + service('shop', 'api', '{ name: tcp, port: 9090 }');
    expect(check(HTTP_ALLOW_ON_TCP, proxyless + authz('shop', 'api-allow', 'rules: [{ to: [{ operation: { methods: [POST] } }] }]'))).toEqual([]);
  });
});
