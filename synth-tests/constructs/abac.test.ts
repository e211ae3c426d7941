// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Condition, EndUser, HttpMethod, JwtIssuer, Match, Mesh, Peer, PortProtocol, TokenLocation } from 'cdk8s-mesh';
import { chart, objects, one, notUnderTest } from '../helpers';

function bank() {
  const c = chart({ namespace: 'bank' });
  const mesh = new Mesh(c, 'mesh');
  notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05');
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80, targetPort: 8080 }] });
  const accounts = mesh.addService('accounts', { image: 'a:1', ports: [{ port: 80, targetPort: 8080 }] });
  const ledger = mesh.addService('ledger', { image: 'l:1', ports: [{ port: 80, targetPort: 8080 }, { port: 5432, protocol: PortProtocol.TCP }] });
  const idp = new JwtIssuer(c, 'idp', { issuer: 'https://idp.bank.example', jwksUri: 'https://idp.bank.example/jwks.json', audiences: ['bank-api'] });
  return { c, mesh, web, accounts, ledger, idp };
}

describe('subjects', () => {
  it('renders namespaces, IP blocks and identities as separate from entries (alternatives)', () => {
    const { c, web, accounts } = bank();
    accounts.allowFrom(web);
    accounts.allowFrom(Peer.namespace('batch'));
    accounts.allowFrom(Peer.ipBlock('10.20.0.0/16'));
    expect(one(c, 'AuthorizationPolicy', 'accounts-allow').spec.rules).toEqual([{
      from: [
        { source: { principals: ['cluster.local/ns/bank/sa/web'] } },
        { source: { namespaces: ['batch'] } },
        { source: { ipBlocks: ['10.20.0.0/16'] } },
      ],
    }]);
  });

  it('collapses principals to "*" for any authenticated peer and drops from for anyone', () => {
    const { c, web, accounts } = bank();
    accounts.allowFrom(web, { methods: [HttpMethod.GET] });
    accounts.allowFrom(Peer.anyAuthenticated(), { methods: [HttpMethod.GET] });
    accounts.denyFrom(Peer.anyone(), { paths: [Match.prefix('/internal/')] });
    expect(one(c, 'AuthorizationPolicy', 'accounts-allow').spec.rules).toEqual([{ from: [{ source: { principals: ['*'] } }], to: [{ operation: { methods: ['GET'] } }] }]);
    expect(one(c, 'AuthorizationPolicy', 'accounts-deny').spec).toEqual({
      selector: { matchLabels: { app: 'accounts' } },
      action: 'DENY',
      rules: [{ to: [{ operation: { paths: ['/internal/*'] } }] }],
    });
  });

  it('rejects bad subjects with the factory in the path', () => {
    expect(() => Peer.ipBlock('10.0.0.0/33')).toThrow(/^Peer\.ipBlock: invalid IP block "10\.0\.0\.0\/33": expected an IPv4 or IPv6 address, or a CIDR block/);
    expect(() => Peer.namespace('Batch')).toThrow(/Peer\.namespace: invalid namespace "Batch"/);
  });
});

describe('objects, actions and conditions', () => {
  it('renders hosts, excluded paths, templates and when conditions', () => {
    const { c, web, accounts } = bank();
    accounts.allowFrom(web, {
      methods: [HttpMethod.GET, HttpMethod.of('PURGE')],
      paths: [Match.prefix('/accounts/'), Match.pathTemplate('/v2/{*}/balance'), Match.suffix('.json')],
      excludePaths: [Match.exact('/accounts/admin')],
      hosts: [Match.exact('Accounts.Bank.Example')],
      when: [Condition.header('X-Tenant', Match.exact('retail'), Match.prefix('sme-')), Condition.sourceIp('10.0.0.0/8'), Condition.headerNot('x-debug', Match.presence())],
    });
    const [rule] = one(c, 'AuthorizationPolicy', 'accounts-allow').spec.rules;
    expect(rule.to).toEqual([{ operation: {
      // An exact host also matches with an explicit port (Host: accounts.bank.example:80).
      hosts: ['accounts.bank.example', 'accounts.bank.example:*'],
      methods: ['GET', 'PURGE'],
      paths: ['*.json', '/accounts/*', '/v2/{*}/balance'],
      notPaths: ['/accounts/admin'],
    } }]);
    expect(rule.when).toEqual([
      { key: 'request.headers[x-debug]', notValues: ['*'] },
      { key: 'request.headers[x-tenant]', values: ['retail', 'sme-*'] },
      { key: 'source.ip', values: ['10.0.0.0/8'] },
    ]);
  });

  it('renders deny, audit and dry-run rules into separate policies; dry-run is annotated', () => {
    const { c, web, accounts } = bank();
    accounts.allowFrom(web, { methods: [HttpMethod.GET] });
    accounts.allowFrom(web, { methods: [HttpMethod.DELETE], dryRun: true });
    accounts.denyFrom(web, { paths: [Match.prefix('/admin/')] });
    accounts.auditFrom(Peer.anyone(), { methods: [HttpMethod.DELETE] });
    const names = objects(c, 'AuthorizationPolicy').filter((p) => p.metadata.namespace === 'bank').map((p) => p.metadata.name).sort();
    expect(names).toEqual(['accounts-allow', 'accounts-allow-dry-run', 'accounts-audit', 'accounts-deny', 'allow-nothing']);
    const dry = one(c, 'AuthorizationPolicy', 'accounts-allow-dry-run');
    expect(dry.metadata.annotations).toEqual({ 'istio.io/dry-run': 'true' });
    expect(dry.spec.rules[0].to).toEqual([{ operation: { methods: ['DELETE'] } }]);
    expect(one(c, 'AuthorizationPolicy', 'accounts-allow').metadata.annotations).toBeUndefined();
    expect(one(c, 'AuthorizationPolicy', 'accounts-audit').spec.action).toBe('AUDIT');
  });

  it('pins HTTP rules to the HTTP ports of a service that also has TCP ports, so a DENY never widens onto TCP', () => {
    const { c, web, ledger } = bank();
    ledger.denyFrom(web, { methods: [HttpMethod.DELETE] });
    ledger.allowFrom(web, { ports: [5432] });
    expect(one(c, 'AuthorizationPolicy', 'ledger-deny').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/bank/sa/web'] } }],
      to: [{ operation: { ports: ['8080'], methods: ['DELETE'] } }],
    }]);
    expect(one(c, 'AuthorizationPolicy', 'ledger-allow').spec.rules[0].to).toEqual([{ operation: { ports: ['5432'] } }]);
  });

  it('rejects invalid matchers and methods', () => {
    expect(() => HttpMethod.of('get')).toThrow(/HttpMethod\.of: invalid HTTP method "get".*fix: write HttpMethod\.of\("GET"\)/);
    expect(() => Match.prefix('/api/*')).toThrow(/Match\.prefix: invalid match value "\/api\/\*": expected a non-empty string without "\*"/);
    expect(() => Match.exact('')).toThrow(/Match\.exact: invalid match value ""/);
    expect(() => Match.pathTemplate('/a/{x}')).toThrow(/Match\.pathTemplate: invalid path template/);
    expect(() => Condition.header('x tenant', Match.presence())).toThrow(/invalid header name "x tenant"/);
    expect(() => Condition.sourceIp()).toThrow(/Condition\.sourceIp: no value/);
  });
});

describe('end users (JWT)', () => {
  it('renders end-user conditions and validates the issuer on the destination', () => {
    const { c, web, accounts, idp } = bank();
    accounts.allowFrom(web, {
      methods: [HttpMethod.POST],
      paths: [Match.exact('/transfer')],
      endUser: EndUser.issuer(idp).audience('bank-api').claim('scope', 'transfer').claim('realm_access.roles', 'customer', 'teller'),
    });
    const [rule] = one(c, 'AuthorizationPolicy', 'accounts-allow').spec.rules;
    expect(rule.when).toEqual([
      { key: 'request.auth.audiences', values: ['bank-api'] },
      { key: 'request.auth.claims[realm_access][roles]', values: ['customer', 'teller'] },
      { key: 'request.auth.claims[scope]', values: ['transfer'] },
      { key: 'request.auth.principal', values: ['https://idp.bank.example/*'] },
    ]);
    expect(one(c, 'RequestAuthentication', 'accounts-jwt').spec).toEqual({
      selector: { matchLabels: { app: 'accounts' } },
      jwtRules: [{ issuer: 'https://idp.bank.example', jwksUri: 'https://idp.bank.example/jwks.json', audiences: ['bank-api'] }],
    });
    expect(objects(c, 'RequestAuthentication').map((r) => r.metadata.name)).toEqual(['accounts-jwt']);
  });

  it('names one subject', () => {
    const { c, web, accounts, idp } = bank();
    accounts.allowFrom(web, { endUser: EndUser.issuer(idp).subject('batch-operator') });
    expect(one(c, 'AuthorizationPolicy', 'accounts-allow').spec.rules[0].when).toEqual([{ key: 'request.auth.principal', values: ['https://idp.bank.example/batch-operator'] }]);
  });

  it('requires a token with a DENY on notRequestPrincipals, pinned to HTTP ports', () => {
    const { c, ledger, idp } = bank();
    ledger.acceptTokensFrom(idp);
    ledger.requireEndUser();
    expect(one(c, 'AuthorizationPolicy', 'ledger-require-jwt').spec).toEqual({
      selector: { matchLabels: { app: 'ledger' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    expect(one(c, 'RequestAuthentication', 'ledger-jwt').spec.jwtRules.map((r: any) => r.issuer)).toEqual(['https://idp.bank.example']);
  });

  it('fails synth when a token is required but no issuer is accepted', () => {
    const { c, accounts } = bank();
    accounts.requireEndUser();
    expect(() => Testing.synth(c)).toThrow(/requireEndUser\(\) without an issuer.*fix: call acceptTokensFrom\(issuer\)/);
  });

  it('renders token locations, claim headers and forwarding on the issuer', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05');
    const api = mesh.addService('api', { image: 'a:1', ports: [{ port: 80 }] });
    const idp = new JwtIssuer(c, 'idp', {
      issuer: 'https://login.example',
      jwks: '{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz","kid":"k1"}]}',
      tokenLocations: [TokenLocation.header('x-jwt-assertion'), TokenLocation.queryParameter('access_token'), TokenLocation.cookie('session'), TokenLocation.bearer()],
      forwardOriginalToken: true,
      claimsToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
    });
    api.acceptTokensFrom(idp);
    expect(one(c, 'RequestAuthentication', 'api-jwt').spec.jwtRules).toEqual([{
      issuer: 'https://login.example',
      jwks: '{"keys":[{"kty":"RSA","e":"AQAB","n":"xyz","kid":"k1"}]}',
      fromHeaders: [{ name: 'x-jwt-assertion' }, { name: 'Authorization', prefix: 'Bearer ' }],
      fromParams: ['access_token'],
      fromCookies: ['session'],
      forwardOriginalToken: true,
      outputClaimToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
    }]);
  });

  it.each<[string, object, RegExp]>([
    ['both key sources', { jwks: '{"keys":[{}]}', jwksUri: 'https://x/jwks' }, /both jwksUri and jwks set/],
    ['a plaintext JWKS URL', { jwksUri: 'http://idp.example/jwks' }, /invalid jwksUri "http:\/\/idp\.example\/jwks": expected an https:\/\/ URL/],
    ['a JWKS without keys', { jwks: '{"keys":[]}' }, /invalid jwks.*expected a JSON Web Key Set/],
    ['an empty audience list', { audiences: [] }, /empty audiences/],
    ['a bad claim header', { claimsToHeaders: [{ header: 'x user', claim: 'sub' }] }, /invalid claimsToHeaders entry/],
  ])('rejects an issuer with %s', (_t, props, message) => {
    expect(() => new JwtIssuer(chart(), 'idp', { issuer: 'https://idp.example', ...props })).toThrow(message);
  });

  it('rejects end-user rules on a TCP-only service', () => {
    const c = chart();
    const mesh = new Mesh(c, 'mesh');
    notUnderTest(mesh, 'MESH-AUTHZ-03', 'MESH-MODEL-05');
    const a = mesh.addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    const db = mesh.addService('db', { image: 'd:1', ports: [{ port: 5432, protocol: PortProtocol.TCP }] });
    const idp = new JwtIssuer(c, 'idp', { issuer: 'https://idp.example' });
    expect(() => db.allowFrom(a, { endUser: EndUser.issuer(idp) })).toThrow(/HTTP attributes cannot be enforced on tcp port 5432/);
  });

  it('rejects bad end-user values', () => {
    const idp = new JwtIssuer(chart(), 'idp', { issuer: 'https://idp.example' });
    expect(() => EndUser.issuer(idp).claim('scope')).toThrow(/no value for claim scope/);
    expect(() => EndUser.issuer(idp).claim('a..b', 'x')).toThrow(/invalid claim name "a\.\.b"/);
    expect(() => EndUser.issuer(idp).subject('*')).toThrow(/EndUser\.subject: invalid value "\*"/);
  });
});

describe('hosts', () => {
  it('refuses hosts in a DENY rule, which a caller bypasses by spelling the host another way', () => {
    const { accounts, web } = bank();
    expect(() => accounts.denyFrom(web, { hosts: [Match.exact('accounts.internal')] }))
      .toThrow(/denyFrom\(.*\): hosts in a DENY rule \["accounts\.internal"\]: expected no `hosts` on denyFrom: the Host header is chosen by the caller/);
  });
});
