// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { object } from './fixtures';
import { EXTERNAL_RESILIENCE } from '../../../lib/validate/rules/egress/external-resilience';
import { check, verdicts, violations } from '../harness';

const NET = 'networking.istio.io/v1';
const entry = (protocol = 'HTTP', hosts = ['api.example.com']) => object(NET, 'ServiceEntry', 'api', 'shop', {
  hosts, location: 'MESH_EXTERNAL', ports: [{ number: 80, name: `${protocol.toLowerCase()}-80`, protocol }], resolution: 'DNS', exportTo: ['.'],
});
const rule = (trafficPolicy: Record<string, unknown>, host = 'api.example.com') => object(NET, 'DestinationRule', 'api', 'shop', { host, trafficPolicy });
const GUARDED = { connectionPool: { tcp: { maxConnections: 100 } }, outlierDetection: { consecutive5xxErrors: 5 } };
const routes = (route: Record<string, unknown>, gateways?: string[]) => object(NET, 'VirtualService', 'api-routes', 'shop', {
  hosts: ['api.example.com'], ...(gateways ? { gateways } : {}),
  http: [{ match: [{ port: 80 }], route: [{ destination: { host: 'api.example.com', port: { number: 80 } } }], ...route }],
});

describe('MESH-EGRESS-04: every external host has circuit breaking, and its HTTP routes from the mesh set a timeout and retries', () => {
  it('Compliance: DestinationRule with circuit breaking and a VirtualService with timeout and retries', () => {
    const out = check(EXTERNAL_RESILIENCE, entry() + rule(GUARDED) + routes({ timeout: '10s', retries: { attempts: 2 } }));
    expect(verdicts(out)).toEqual(['compliant ServiceEntry shop/api']);
    expect(out[0].message).toMatch(/DestinationRule shop\/api sets circuit breaking; VirtualService shop\/api-routes sets timeout and retries/);
  });

  it('Compliance: a TLS-only entry needs no route timeouts', () => {
    const out = check(EXTERNAL_RESILIENCE, entry('TLS') + rule({ outlierDetection: { consecutive5xxErrors: 5 } }));
    expect(verdicts(out)).toEqual(['compliant ServiceEntry shop/api']);
    expect(out[0].message).toMatch(/ports carry no HTTP/);
  });

  it('Noncompliance 1: no DestinationRule and no VirtualService', () => {
    const [v] = violations(check(EXTERNAL_RESILIENCE, entry()));
    expect(v.message).toMatch(/^external host "api.example.com" of ServiceEntry shop\/api has no DestinationRule with outlierDetection or connectionPool and no VirtualService for the host/);
  });

  it('Noncompliance 2: the DestinationRule only sets TLS', () => {
    const [v] = violations(check(EXTERNAL_RESILIENCE, entry('TLS') + rule({ tls: { mode: 'SIMPLE' } })));
    expect(v.message).toMatch(/DestinationRule shop\/api sets neither outlierDetection nor connectionPool/);
  });

  it('Noncompliance 3: the route from the mesh has a timeout but no retries', () => {
    const [v] = violations(check(EXTERNAL_RESILIENCE, entry() + rule(GUARDED) + routes({ timeout: '5s' })));
    expect(v.message).toMatch(/VirtualService shop\/api-routes has HTTP routes from the mesh without `timeout` or `retries`/);
  });

  it('Noncompliance 4: a VirtualService bound only to a gateway does not protect sidecar callers', () => {
    const [v] = violations(check(EXTERNAL_RESILIENCE, entry() + rule(GUARDED) + routes({ timeout: '5s', retries: { attempts: 1 } }, ['istio-system/egress'])));
    expect(v.message).toMatch(/no VirtualService for the host with HTTP routes/);
  });

  it('reports each host of a ServiceEntry', () => {
    const out = check(EXTERNAL_RESILIENCE, entry('TLS', ['a.example.com', 'b.example.com']) + rule(GUARDED, 'a.example.com'));
    expect(out.map((o) => o.compliant)).toEqual([true, false]);
    expect(out[1].message).toMatch(/"b.example.com"/);
  });

  it('NotApplicable: no external ServiceEntry', () => {
    expect(check(EXTERNAL_RESILIENCE, rule(GUARDED))).toEqual([]);
  });
});
