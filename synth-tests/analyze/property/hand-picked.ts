// SPDX-License-Identifier: Apache-2.0
/**
 * Hand-picked meshes for the deterministic version of the property (hand-picked.test.ts):
 * 3–4 meshes per proxy model, each with requests whose decision is written out by hand, so a
 * failure names one small mesh and one request, and the oracle itself is checked too.
 */
import { ANYONE, ANY_AUTH, PLAINTEXT, from, grpc, http, ns, peer, principal, req, svc, tcp } from './intent-shorthands';
import type { ModelChoice, RequestIntent, ServiceIntent } from './mesh-intent';

/** One hand-picked mesh and its requests with the expected decisions. */
export interface HandPickedMesh {
  readonly title: string;
  /** The issuer's audiences (`JwtIssuer` `audiences`). */
  readonly audiences?: readonly string[];
  readonly services: readonly ServiceIntent[];
  readonly requests: readonly (readonly [RequestIntent, 'ALLOW' | 'DENY'])[];
}

/** The hand-picked meshes, per proxy model of the destination under test (`ns-a/alpha`). */
export const HAND_PICKED: Readonly<Record<ModelChoice, readonly HandPickedMesh[]>> = {
  'sidecar': [
    {
      title: 'a named caller with method and path on the HTTP port, another on the TCP port',
      services: [
        svc('ns-a/alpha', 'sidecar', [http(80, 8080), tcp(5432)], [
          { action: 'allow', peer: peer('ns-a/bravo'), methods: ['GET'], paths: [{ kind: 'prefix', value: '/a' }] },
          { action: 'allow', peer: peer('ns-b/charlie'), ports: [5432] },
        ]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
        svc('ns-b/charlie', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a/b'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /ab?x=1'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'POST /a'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /b'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 5432), 'DENY'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 5432), 'ALLOW'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
        [req(PLAINTEXT, 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
        [req(principal('ns-a', 'robot'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'a namespace admitted, one of its services denied the admin paths',
      services: [
        svc('ns-a/alpha', 'sidecar', [http(80)], [
          { action: 'allow', peer: ns('ns-b') },
          { action: 'deny', peer: peer('ns-b/bravo'), paths: [{ kind: 'prefix', value: '/admin' }] },
        ]),
        svc('ns-b/bravo', 'sidecar', [http(80)]),
        svc('ns-b/charlie', 'sidecar', [http(80)]),
        svc('ns-a/delta', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-b/bravo'), 'ns-a/alpha', 80, 'GET /admin/x'), 'DENY'],
        [req(from('ns-b/bravo'), 'ns-a/alpha', 80, 'GET /a'), 'ALLOW'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 80, 'GET /admin'), 'ALLOW'],
        [req(principal('ns-b', 'robot'), 'ns-a/alpha', 80, 'PUT /b'), 'ALLOW'],
        [req(from('ns-a/delta'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'end users: a claim required, tokens mandatory, dry-run and audit rules never decide',
      services: [
        svc('ns-a/alpha', 'sidecar', [http(80)], [
          { action: 'allow', peer: ANY_AUTH, endUser: { claim: { name: 'scope', values: ['write'] } } },
          { action: 'deny', peer: ANYONE, dryRun: true },
          { action: 'audit', peer: peer('ns-a/bravo') },
        ], { requireEndUser: true }),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a', { sub: 'alice', claims: { scope: 'write' } }), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a', { sub: 'alice', claims: { scope: ['read', 'write'] } }), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a', { sub: 'alice', claims: { scope: 'read' } }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a', { sub: 'alice' }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'tokens: an audience required, other audiences and issuers rejected where tokens are validated',
      audiences: ['api', 'web'],
      services: [
        svc('ns-a/alpha', 'sidecar', [http(80)], [{ action: 'allow', peer: peer('ns-a/bravo'), endUser: { audience: 'web' } }]),
        svc('ns-a/bravo', 'sidecar', [http(80)], [{ action: 'allow', peer: peer('ns-a/alpha') }]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice', aud: ['web'] }), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice', aud: ['ops', 'web'] }), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice', aud: ['api'] }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice', aud: ['ops'] }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice' }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { foreign: true, sub: 'alice', aud: ['web'] }), 'DENY'],
        [req(from('ns-a/alpha'), 'ns-a/bravo', 80, 'GET /', { foreign: true, sub: 'alice' }), 'ALLOW'],
      ],
    },
    {
      title: 'any authenticated caller, from every proxy model',
      services: [
        svc('ns-a/alpha', 'sidecar', [http(80)], [{ action: 'allow', peer: ANY_AUTH }]),
        svc('ns-a/bravo', 'ambient', [http(80)]),
        svc('ns-a/charlie', 'proxyless', [grpc(9090)]),
        svc('ns-b/delta', 'shared-node', [http(80)]),
        svc('ns-b/echo', 'ambient-waypoint', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'POST /pkg.Svc/Get'), 'ALLOW'],
        [req(from('ns-b/delta'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-b/echo'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(principal('ns-out', 'robot'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(PLAINTEXT, 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
  ],
  'ambient': [
    {
      title: 'a named sidecar caller on one port',
      services: [
        svc('ns-a/alpha', 'ambient', [http(80), tcp(5432)], [{ action: 'allow', peer: peer('ns-a/bravo'), ports: [80] }]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'ambient', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 5432), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
        [req(PLAINTEXT, 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'any authenticated peer except one namespace',
      services: [
        svc('ns-a/alpha', 'ambient', [tcp(5432)], [{ action: 'allow', peer: ANY_AUTH }, { action: 'deny', peer: ns('ns-b') }]),
        svc('ns-b/bravo', 'ambient', [http(80)]),
        svc('ns-a/charlie', 'ambient-waypoint', [http(80)]),
      ],
      requests: [
        [req(from('ns-b/bravo'), 'ns-a/alpha', 5432), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 5432), 'ALLOW'],
        [req(principal('ns-out', 'robot'), 'ns-a/alpha', 5432), 'ALLOW'],
        [req(principal('ns-b', 'robot'), 'ns-a/alpha', 5432), 'DENY'],
      ],
    },
    {
      title: 'callers whose transport cannot reach ztunnel',
      services: [
        svc('ns-a/alpha', 'ambient', [http(80)], [{ action: 'allow', peer: ANY_AUTH }]),
        svc('ns-a/bravo', 'proxyless', [grpc(9090)]),
        svc('ns-a/charlie', 'sidecar', [http(80)]),
        svc('ns-a/delta', 'shared-node', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'POST /pkg.Svc/Get'), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-a/delta'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
    {
      title: 'a service account that runs no service',
      services: [
        svc('ns-a/alpha', 'ambient', [http(80)], [{ action: 'allow', peer: { kind: 'identity', namespace: 'ns-out', serviceAccount: 'robot' } }]),
        svc('ns-a/bravo', 'ambient', [http(80)]),
      ],
      requests: [
        [req(principal('ns-out', 'robot'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(principal('ns-out', 'bravo'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
  ],
  'ambient-waypoint': [
    {
      title: 'method and exact path at the waypoint',
      services: [
        svc('ns-a/alpha', 'ambient-waypoint', [http(80, 8080)], [{ action: 'allow', peer: peer('ns-a/bravo'), methods: ['GET'], paths: [{ kind: 'exact', value: '/a' }] }]),
        svc('ns-a/bravo', 'ambient', [http(80)]),
        svc('ns-b/charlie', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a?x=1'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /ab'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'PUT /a'), 'DENY'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'only DENY rules: ztunnel keeps denying everything',
      services: [
        svc('ns-a/alpha', 'ambient-waypoint', [http(80)], [{ action: 'deny', peer: peer('ns-a/bravo') }]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
    {
      title: 'an end-user subject required at the waypoint, on the HTTP port only',
      services: [
        svc('ns-a/alpha', 'ambient-waypoint', [http(80), tcp(5432)], [
          { action: 'allow', peer: ANYONE, endUser: { subject: 'alice' } },
          { action: 'allow', peer: peer('ns-a/bravo'), ports: [5432] },
        ], { requireEndUser: true }),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'alice' }), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /', { sub: 'bob' }), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 5432), 'ALLOW'],
        [req(PLAINTEXT, 'ns-a/alpha', 80, 'GET /', { sub: 'alice' }), 'DENY'],
      ],
    },
    {
      title: 'a dry-run ALLOW admits nobody',
      services: [
        svc('ns-a/alpha', 'ambient-waypoint', [http(80)], [{ action: 'allow', peer: peer('ns-a/bravo'), dryRun: true }]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
      ],
      requests: [[req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'DENY']],
    },
  ],
  'ambient-namespace-waypoint': [
    {
      title: 'two services behind the namespace waypoint keep their own rules',
      services: [
        svc('ns-a/alpha', 'ambient-namespace-waypoint', [http(80)], [{ action: 'allow', peer: peer('ns-a/bravo'), methods: ['GET'] }]),
        svc('ns-a/bravo', 'ambient-namespace-waypoint', [http(80)], [{ action: 'allow', peer: peer('ns-b/charlie') }]),
        svc('ns-b/charlie', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-b/charlie'), 'ns-a/bravo', 80, 'DELETE /'), 'ALLOW'],
        [req(from('ns-a/alpha'), 'ns-a/bravo', 80, 'GET /'), 'DENY'],
      ],
    },
    {
      title: 'a path prefix with an excluded path',
      services: [
        svc('ns-a/alpha', 'ambient-namespace-waypoint', [http(80)], [{ action: 'allow', peer: ns('ns-a'), paths: [{ kind: 'prefix', value: '/a' }], excludePaths: [{ kind: 'exact', value: '/a/b' }] }]),
        svc('ns-a/bravo', 'ambient', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a/b'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /ab'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /b'), 'DENY'],
      ],
    },
    {
      title: 'GET from any authenticated peer, callers on every model',
      services: [
        svc('ns-a/alpha', 'ambient-namespace-waypoint', [http(80)], [{ action: 'allow', peer: ANY_AUTH, methods: ['GET'] }]),
        svc('ns-b/bravo', 'sidecar', [http(80)]),
        svc('ns-b/charlie', 'ambient', [http(80)]),
        svc('ns-b/delta', 'proxyless', [grpc(9090)]),
        svc('ns-b/echo', 'shared-node', [http(80)]),
      ],
      requests: [
        [req(from('ns-b/bravo'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-b/bravo'), 'ns-a/alpha', 80, 'POST /'), 'DENY'],
        [req(from('ns-b/charlie'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-b/delta'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
        [req(from('ns-b/echo'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
  ],
  'proxyless': [
    {
      title: 'one gRPC method of a named proxyless caller',
      services: [
        svc('ns-a/alpha', 'proxyless', [grpc(9090)], [{ action: 'allow', peer: peer('ns-a/bravo'), methods: ['POST'], paths: [{ kind: 'exact', value: '/pkg.Svc/Get' }] }]),
        svc('ns-a/bravo', 'proxyless', [grpc(9090)]),
        svc('ns-a/charlie', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Put'), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'DENY'],
      ],
    },
    {
      title: 'no rules: default deny although gRPC ignores allow-nothing',
      services: [
        svc('ns-a/alpha', 'proxyless', [grpc(9090)]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'DENY'],
        [req(principal('ns-a', 'robot'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'DENY'],
      ],
    },
    {
      title: 'any authenticated peer except one namespace; ztunnel callers cannot connect',
      services: [
        svc('ns-a/alpha', 'proxyless', [grpc(9090)], [{ action: 'allow', peer: ANY_AUTH }, { action: 'deny', peer: ns('ns-b') }]),
        svc('ns-b/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'sidecar', [http(80)]),
        svc('ns-a/delta', 'ambient', [http(80)]),
      ],
      requests: [
        [req(from('ns-b/bravo'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'ALLOW'],
        [req(from('ns-a/delta'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Get'), 'DENY'],
      ],
    },
    {
      title: 'a service prefix on one of two ports (target ports differ)',
      services: [
        svc('ns-a/alpha', 'proxyless', [grpc(9090, 29090), grpc(8080)], [{ action: 'allow', peer: peer('ns-a/bravo'), ports: [9090], paths: [{ kind: 'prefix', value: '/pkg.Svc/' }] }]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 9090, 'POST /pkg.Svc/Put'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 8080, 'POST /pkg.Svc/Put'), 'DENY'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 9090, 'POST /a'), 'DENY'],
      ],
    },
  ],
  'shared-node': [
    {
      title: 'HTTP method and path prefix for a named sidecar caller',
      services: [
        svc('ns-a/alpha', 'shared-node', [http(80, 8080)], [{ action: 'allow', peer: peer('ns-a/bravo'), methods: ['GET'], paths: [{ kind: 'prefix', value: '/a' }] }]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'shared-node', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a/b'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a?x=1'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'POST /a'), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /a'), 'DENY'],
      ],
    },
    {
      title: 'any authenticated peer on the TCP port, one namespace denied',
      services: [
        svc('ns-a/alpha', 'shared-node', [http(80), tcp(5432)], [{ action: 'allow', peer: ANY_AUTH, ports: [5432] }, { action: 'deny', peer: ns('ns-b') }]),
        svc('ns-b/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'ambient', [http(80)]),
      ],
      requests: [
        [req(from('ns-b/bravo'), 'ns-a/alpha', 5432), 'DENY'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 5432), 'ALLOW'],
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
    {
      title: 'shared-node callers reach shared-node services only',
      services: [
        svc('ns-a/alpha', 'shared-node', [http(80)], [{ action: 'allow', peer: peer('ns-a/charlie') }]),
        svc('ns-a/charlie', 'shared-node', [http(80)]),
        svc('ns-a/delta', 'sidecar', [http(80)], [{ action: 'allow', peer: ANY_AUTH }]),
      ],
      requests: [
        [req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), 'ALLOW'],
        [req(from('ns-a/charlie'), 'ns-a/delta', 80, 'GET /'), 'DENY'],
        [req(from('ns-a/alpha'), 'ns-a/alpha', 80, 'GET /'), 'DENY'],
      ],
    },
    {
      title: 'paths are matched after normalization, hosts case-insensitively',
      services: [
        svc('ns-a/alpha', 'shared-node', [http(80)], [
          { action: 'allow', peer: peer('ns-a/bravo'), paths: [{ kind: 'prefix', value: '/a/' }] },
          { action: 'allow', peer: peer('ns-a/charlie'), hosts: [{ kind: 'exact', value: 'api.example.com' }] },
        ]),
        svc('ns-a/bravo', 'sidecar', [http(80)]),
        svc('ns-a/charlie', 'shared-node', [http(80)]),
      ],
      requests: [
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a/b'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET //a/b'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /admin/../a/b'), 'ALLOW'],
        [req(from('ns-a/bravo'), 'ns-a/alpha', 80, 'GET /a/../admin'), 'DENY'],
        [{ ...req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), http: { method: 'GET', path: '/', host: 'api.example.com:80' } }, 'ALLOW'],
        [{ ...req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), http: { method: 'GET', path: '/', host: 'API.Example.com' } }, 'ALLOW'],
        [{ ...req(from('ns-a/charlie'), 'ns-a/alpha', 80, 'GET /'), http: { method: 'GET', path: '/', host: 'web.example.com' } }, 'DENY'],
      ],
    },
  ],
};
