// SPDX-License-Identifier: Apache-2.0
/** The requests file of DESIGN.md decision 10: what it accepts and how it names what is wrong. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequests, readRequestsFile } from '../../../lib/analyze/authz/requests-file';

describe('requests file', () => {
  it('reads every form of decision 10', () => {
    expect(parseRequests(`
requests:
  - id: a
    source: { workload: shop/cart }
    destination: { service: payments, namespace: shop, port: 8443 }
    http: { method: POST, path: /charge, host: payments, headers: { x-retry: 1 } }
    jwt: { iss: https://idp, sub: u1, aud: payments, claims: { scope: [charge] } }
  - id: b
    source: { principal: spiffe://cluster.local/ns/a/sa/b }
    destination: { service: db, namespace: shop, port: 5432 }
  - id: c
    source: { plaintext: true, ip: "2001:db8::1" }
    destination: { service: web, namespace: edge, port: 80 }
`)).toEqual([
      { id: 'a', source: { workload: 'shop/cart' }, destination: { service: 'payments', namespace: 'shop', port: 8443 }, http: { method: 'POST', path: '/charge', host: 'payments', headers: { 'x-retry': '1' } }, jwt: { iss: 'https://idp', sub: 'u1', aud: ['payments'], claims: { scope: ['charge'] } } },
      { id: 'b', source: { principal: 'spiffe://cluster.local/ns/a/sa/b' }, destination: { service: 'db', namespace: 'shop', port: 5432 } },
      { id: 'c', source: { plaintext: true, ip: '2001:db8::1' }, destination: { service: 'web', namespace: 'edge', port: 80 } },
    ]);
  });

  it('reads the shared YAML folder\'s requests', () => {
    expect(readRequestsFile(path.join(__dirname, '..', 'yaml', 'requests.yaml')).length).toBe(24);
  });

  const dest = 'destination: { service: s, namespace: n, port: 80 }';
  const cases: [string, string, string][] = [
    ['no list', 'foo: 1', 'requests file <requests>: expected a top-level "requests" list'],
    ['no id', `requests:\n  - source: { plaintext: true }\n    ${dest}`, 'request #1: id must be a non-empty string'],
    ['duplicate id', `requests:\n  - { id: x, source: { plaintext: true }, ${dest} }\n  - { id: x, source: { plaintext: true }, ${dest} }`, 'request "x": duplicate id (ids must be unique)'],
    ['two source forms', `requests:\n  - { id: x, source: { plaintext: true, workload: a/b }, ${dest} }`, 'request "x": source must have exactly one of workload, principal or plaintext: true (got workload, plaintext)'],
    ['bad workload', `requests:\n  - { id: x, source: { workload: cart }, ${dest} }`, 'request "x": source.workload "cart" must be <namespace>/<name>'],
    ['bad principal', `requests:\n  - { id: x, source: { principal: cart }, ${dest} }`, 'request "x": source.principal "cart" must be <trust domain>/ns/<namespace>/sa/<service account>'],
    ['bad ip', `requests:\n  - { id: x, source: { plaintext: true, ip: 10.0.0 }, ${dest} }`, 'request "x": source.ip "10.0.0" must be an IPv4 or IPv6 address'],
    ['unknown field', `requests:\n  - { id: x, source: { plaintext: true }, ${dest}, tcp: true }`, 'request "x": unknown field tcp: expected id, source, destination, http, jwt'],
    ['missing namespace', 'requests:\n  - { id: x, source: { plaintext: true }, destination: { service: s, port: 80 } }', 'request "x": destination.namespace must be a non-empty string'],
    ['bad path', `requests:\n  - { id: x, source: { plaintext: true }, ${dest}, http: { method: GET, path: cart } }`, 'request "x": http.path "cart" must start with /'],
    ['bad jwt', `requests:\n  - { id: x, source: { plaintext: true }, ${dest}, jwt: { sub: u } }`, 'request "x": jwt.iss must be a non-empty string (the issuer)'],
  ];
  for (const [name, text, message] of cases) {
    it(`rejects: ${name}`, () => {
      expect(() => parseRequests(text)).toThrow(message);
    });
  }
});
