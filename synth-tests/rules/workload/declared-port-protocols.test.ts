// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace, service } from '../mtls/fixtures';
import { DECLARED_PORT_PROTOCOLS, hasProtocolPrefix } from '../../../lib/validate/rules/workload/declared-port-protocols';
import { check, verdicts, violations } from '../harness';

const app = (ports: Record<string, unknown>[]): string => namespace('shop') + deployment({ name: 'cart' }) + service('cart', { ports });

describe('MESH-WL-06: every port of an application Service declares its protocol', () => {
  it('Compliance: appProtocol, a prefixed name, or a bare protocol name', () => {
    const out = check(DECLARED_PORT_PROTOCOLS, app([{ port: 80, appProtocol: 'http' }, { name: 'grpc-web-api', port: 9090 }, { name: 'redis', port: 6379 }]));
    expect(verdicts(out)).toEqual(['compliant Service shop/cart']);
  });

  it('Noncompliance 1: an unnamed port without appProtocol', () => {
    const [v] = violations(check(DECLARED_PORT_PROTOCOLS, app([{ name: 'http-80', port: 80 }, { port: 9000 }])));
    expect(v.message).toMatch(/^Service shop\/cart: port 9000 \(no name\) declares no protocol; expected appProtocol or a name/);
  });

  it('Noncompliance 2: a name that only looks like a prefix', () => {
    const [v] = violations(check(DECLARED_PORT_PROTOCOLS, app([{ name: 'httpapi', port: 80 }, { name: 'web', port: 81 }])));
    expect(v.message).toMatch(/port 80 \(name "httpapi"\), port 81 \(name "web"\) declares no protocol/);
  });

  it('matches Istio prefixes case-insensitively', () => {
    expect(hasProtocolPrefix('HTTP2-api')).toBe(true);
    expect(hasProtocolPrefix('tls')).toBe(true);
    expect(hasProtocolPrefix('grpcx')).toBe(false);
    expect(hasProtocolPrefix(undefined)).toBe(false);
  });

  it('NotApplicable: a Service selecting no application workload', () => {
    expect(check(DECLARED_PORT_PROTOCOLS, namespace('shop') + service('orphan', { ports: [{ port: 80 }] }))).toEqual([]);
  });
});
