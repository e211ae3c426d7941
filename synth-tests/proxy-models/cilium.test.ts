// SPDX-License-Identifier: Apache-2.0
import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Condition, EgressGateway, EgressTls, EndUser, ExternalAuthorizer, ExternalProtocol, ExternalService, HttpMethod, JwtIssuer,
  Match, Mesh, Peer, PortProtocol, ProxyModel, RiskProfile, WorkloadIdentity,
} from 'cdk8s-mesh';
import { escapeRegex, hostRegex, methodRegex, pathRegex } from '../../lib/compile/cilium/http-regex';
import { featureSupportMarkdown } from '../../lib/compile/feature-table';
import { chart, objects, one } from '../helpers';

const CILIUM = ProxyModel.sharedNode();
const NS = 'k8s:io.kubernetes.pod.namespace';
const SA = 'io.cilium.k8s.policy.serviceaccount';
const ALL_PODS = { matchExpressions: [{ key: NS, operator: 'Exists' }] };
const AUTH = { mode: 'required' };
const DNS = {
  toEndpoints: [{ matchLabels: { [NS]: 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
  toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
};
const tcp = (...ports: number[]) => [{ ports: ports.map((p) => ({ port: String(p), protocol: 'TCP' })) }];

/** A sidecar web front end and two shared-node services in `shop`. */
function shop() {
  const c = chart({ namespace: 'shop' });
  const mesh = new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.LOW });
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80, targetPort: 8080 }] });
  const cart = mesh.addService('cart', { image: 'c:1', ports: [{ port: 80, targetPort: 8080 }, { port: 5432, protocol: PortProtocol.TCP }], proxyModel: CILIUM });
  const stock = mesh.addService('stock', { image: 's:1', ports: [{ port: 9000 }], proxyModel: CILIUM });
  return { c, mesh, web, cart, stock };
}
const cnp = (c: ReturnType<typeof chart>, name: string) => one(c, 'CiliumNetworkPolicy', name).spec;

describe('shared node (Cilium): enrolment', () => {
  it('never enrols the pods in Istio and emits no Istio policy for the service', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web);
    expect(one(c, 'Deployment', 'cart').spec.template.metadata.labels).toMatchObject({ 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' });
    expect(one(c, 'Deployment', 'cart').spec.template.metadata.annotations).toBeUndefined();
    expect(one(c, 'Service', 'cart').metadata.labels).toBeUndefined();
    expect(objects(c, 'AuthorizationPolicy').filter((p) => p.metadata.name.startsWith('cart'))).toEqual([]);
    expect(objects(c, 'DestinationRule', 'cart')).toEqual([]);
    expect(objects(c, 'VirtualService', 'cart')).toEqual([]);
  });

  it('leaves a namespace of shared-node services unlabelled', () => {
    const c = chart({ namespace: 'edge' });
    new Mesh(c, 'mesh', { defaultRiskProfile: RiskProfile.LOW, defaultProxyModel: CILIUM }).addService('a', { image: 'a:1', ports: [{ port: 80 }] });
    expect(one(c, 'Namespace', 'edge').metadata.labels).toBeUndefined();
  });

  it('appears as a column of the feature table', () => {
    const [header, ...rows] = featureSupportMarkdown().split('\n');
    expect(header).toContain('| shared node (Cilium) |');
    const cell = (title: string) => rows.find((r) => r.startsWith(`| ${title}`))!.split('|').slice(1, -1).map((s) => s.trim())[4];
    expect(cell('ALLOW by method')).toBe('enforced');
    expect(cell('DENY by method')).toMatch(/^error \[\d+\]$/);
    expect(cell('egress to external')).toBe('enforced');
  });
});

describe('shared node (Cilium): CiliumNetworkPolicy', () => {
  it('is default-deny in both directions while the service admits nothing', () => {
    const { c } = shop();
    expect(one(c, 'CiliumNetworkPolicy', 'cart')).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        endpointSelector: { matchLabels: { app: 'cart' } },
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{ fromEntities: [] }],
        egress: [DNS],
      },
    });
  });

  it('admits an identity on container ports with SPIFFE mutual authentication (L4)', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web, { ports: [80, 5432] });
    expect(cnp(c, 'cart').ingress).toEqual([{
      fromEndpoints: [{ matchLabels: { [SA]: 'web', [NS]: 'shop' } }],
      authentication: AUTH,
      toPorts: tcp(5432, 8080),
    }]);
  });

  it('renders L7 rules as methods × paths with anchored, escaped regexes, hosts and exact headers', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web, {
      methods: [HttpMethod.POST, HttpMethod.GET],
      paths: [Match.exact('/v1.0/cart'), Match.prefix('/items/'), Match.suffix('.json'), Match.pathTemplate('/u/{*}/files/{**}')],
      hosts: [Match.exact('cart.shop')],
      when: [Condition.header('x-tenant', Match.exact('eu'), Match.exact('us'))],
    });
    const [rule] = cnp(c, 'cart').ingress;
    // The rule is pinned to the HTTP port: the TCP port 5432 carries no HTTP.
    expect(rule.toPorts[0].ports).toEqual([{ port: '8080', protocol: 'TCP' }]);
    const http = rule.toPorts[0].rules.http;
    expect(http).toHaveLength(2 * 4 * 2);
    expect(http[0]).toEqual({ method: '^GET$', path: '^[^?]*\\.json(\\?.*)?$', host: '^([cC][aA][rR][tT]\\.[sS][hH][oO][pP]|[cC][aA][rR][tT]\\.[sS][hH][oO][pP]:.*)$', headers: ['x-tenant: eu'] });
    expect(http[1]).toEqual({ ...http[0], headers: ['x-tenant: us'] });
    expect([...new Set(http.map((h: any) => h.path))]).toEqual([
      '^[^?]*\\.json(\\?.*)?$', '^/items/.*$', '^/u/[^/?]+/files/[^?]*(\\?.*)?$', '^/v1\\.0/cart(\\?.*)?$',
    ]);
    expect([...new Set(http.map((h: any) => h.method))]).toEqual(['^GET$', '^POST$']);
  });

  it('maps namespace, IP block, any-authenticated and anyone peers soundly', () => {
    const { c, cart, stock } = shop();
    cart.allowFrom(Peer.namespace('batch'), { ports: [5432] });
    cart.allowFrom(Peer.ipBlock('198.51.100.0/24'), { ports: [5432] });
    cart.allowFrom(Peer.anyone(), { ports: [80], when: [Condition.sourceIp('203.0.113.0/24')] });
    stock.allowFrom(Peer.anyAuthenticated(), { ports: [9000] });
    expect(cnp(c, 'cart').ingress).toEqual([
      { fromEndpoints: [{ matchLabels: { [NS]: 'batch' } }], authentication: AUTH, toPorts: tcp(5432) },
      { fromCIDR: ['198.51.100.0/24'], toPorts: tcp(5432) },
      { fromCIDR: ['203.0.113.0/24'], toPorts: tcp(8080) },
    ]);
    // Any authenticated peer: every pod of the cluster, after mutual authentication.
    expect(cnp(c, 'stock').ingress).toEqual([{ fromEndpoints: [ALL_PODS], authentication: AUTH, toPorts: tcp(9000) }]);
    // Anyone: every pod, without authentication; never `all` (world), which STRICT mTLS never admits.
    stock.allowFrom(Peer.anyone());
    expect(cnp(c, 'stock').ingress).toEqual([{ fromEndpoints: [ALL_PODS], authentication: AUTH, toPorts: tcp(9000) }, { fromEndpoints: [ALL_PODS] }]);
  });

  it('merges rules on the same ports into one rule with the union of the peers, whatever the order', () => {
    const build = (order: number[]) => {
      const { c, mesh, web, cart } = shop();
      const ops = mesh.addService('ops', { image: 'o:1', ports: [{ port: 80 }], namespace: 'ops' });
      const calls = [() => cart.allowFrom(web, { ports: [80] }), () => cart.allowFrom(ops, { ports: [80] }), () => cart.allowFrom(Peer.namespace('ops'), { ports: [80] })];
      order.forEach((i) => calls[i]());
      return { c, text: JSON.stringify(Testing.synth(c)) };
    };
    const { c, text } = build([0, 1, 2]);
    // ops/ops is implied by namespace ops.
    expect(cnp(c, 'cart').ingress).toEqual([{
      fromEndpoints: [{ matchLabels: { [SA]: 'web', [NS]: 'shop' } }, { matchLabels: { [NS]: 'ops' } }],
      authentication: AUTH,
      toPorts: tcp(8080),
    }]);
    expect(build([2, 0, 1]).text).toBe(text);
  });

  it('renders L4 DENY rules as ingressDeny, evaluated before every allow', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(Peer.anyAuthenticated());
    cart.denyFrom(Peer.namespace('legacy'), { ports: [5432] });
    cart.denyFrom(web, { ports: [5432] });
    cart.denyFrom(Peer.anyone(), { ports: [80] });
    expect(cnp(c, 'cart').ingressDeny).toEqual([
      { fromEndpoints: [{ matchLabels: { [SA]: 'web', [NS]: 'shop' } }, { matchLabels: { [NS]: 'legacy' } }], toPorts: tcp(5432) },
      { fromEntities: ['all'], toPorts: tcp(8080) },
    ]);
    expect(cnp(c, 'cart').ingress).toEqual([{ fromEndpoints: [ALL_PODS], authentication: AUTH }]);
  });
});

describe('shared node (Cilium): egress', () => {
  it('allows DNS, the mesh services that admit the service and its external services by FQDN', () => {
    const { c, mesh, web, cart, stock } = shop();
    const stripe = new ExternalService(c, 'stripe', { mesh, hosts: ['api.stripe.com', 'files.stripe.com'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }] });
    const pricing = mesh.addService('pricing', { image: 'p:1', ports: [{ port: 80, targetPort: 8081 }], namespace: 'pricing', proxyModel: CILIUM });
    const audit = mesh.addService('audit', { image: 'a:1', ports: [{ port: 80 }], namespace: 'pricing', proxyModel: CILIUM });
    stock.allowFrom(cart, { ports: [9000] });
    pricing.allowFrom(Peer.namespace('shop'));
    audit.allowFrom(WorkloadIdentity.fromServiceAccountName(c, 'other', 'other', { namespace: 'shop' }));
    web.allowFrom(Peer.namespace('shop')); // a sidecar server: a shared-node caller cannot reach it anyway
    cart.allowEgressTo(stripe);
    expect(cnp(c, 'cart').egress).toEqual([
      DNS,
      { toEndpoints: [{ matchLabels: { app: 'pricing', [NS]: 'pricing' } }], toPorts: tcp(8081) },
      { toEndpoints: [{ matchLabels: { app: 'stock', [NS]: 'shop' } }], toPorts: tcp(9000) },
      { toFQDNs: [{ matchName: 'api.stripe.com' }, { matchName: 'files.stripe.com' }], toPorts: tcp(443) },
    ]);
    // Declaring an external dependency never cuts the internal calls of another service.
    expect(cnp(c, 'stock').egress).toEqual([DNS, { toEndpoints: [{ matchLabels: { app: 'pricing', [NS]: 'pricing' } }], toPorts: tcp(8081) }]);
  });

  it.each<[string, (s: ReturnType<typeof shop>) => ExternalService, RegExp]>([
    ['TLS origination', (s) => new ExternalService(s.c, 'psp', { mesh: s.mesh, hosts: ['api.psp.example'], ports: [{ port: 80, protocol: ExternalProtocol.HTTP, targetPort: 443 }], tls: EgressTls.originate({ subjectAltNames: ['api.psp.example'] }) }),
      /test\/mesh\/cart: allowEgressTo: TLS origination on the shared-node \(Cilium\) model "test\/psp": expected an external service the workload encrypts itself.*none runs in shared-node pods.*fix: use EgressTls\.byWorkload\(\)/],
    ['an egress gateway', (s) => new ExternalService(s.c, 'bank', { mesh: s.mesh, hosts: ['api.bank.example'], ports: [{ port: 443, protocol: ExternalProtocol.TLS }], egressGateway: new EgressGateway(s.c, 'egress', { mesh: s.mesh, servicePorts: [443] }) }),
      /allowEgressTo: egress gateway on the shared-node \(Cilium\) model "test\/bank": expected an external service reached directly/],
  ])('rejects an external service reached through Istio: %s', (_t, make, message) => {
    const s = shop();
    s.cart.allowEgressTo(make(s));
    expect(() => Testing.synth(s.c)).toThrow(message);
  });
});

describe('shared node (Cilium): callers on other models', () => {
  it('admits a sidecar client by its ServiceAccount, and its namespace Sidecar lists the server', () => {
    const { c, web, cart } = shop();
    cart.allowFrom(web, { methods: [HttpMethod.GET], paths: [Match.exact('/cart')] });
    expect(cnp(c, 'cart').ingress[0].fromEndpoints).toEqual([{ matchLabels: { [SA]: 'web', [NS]: 'shop' } }]);
    expect(one(c, 'Sidecar', 'default', 'shop').spec.egress[0].hosts).toContain('shop/cart.shop.svc.cluster.local');
  });

  it('rejects a shared-node client of an Istio-enforced server, which has no Istio certificate', () => {
    const { web, cart } = shop();
    expect(() => web.allowFrom(cart)).toThrow(/test\/mesh\/web: allowFrom: a shared node \(Cilium\) caller cannot reach this sidecar service "test\/mesh\/cart": expected proxy models whose transports meet \(the caller has no Istio mTLS identity.*fix: run cart or web on a sidecar/);
  });
});

describe('shared node (Cilium): what Cilium does not enforce is an error', () => {
  const issuer = (s: ReturnType<typeof shop>) => new JwtIssuer(s.c, 'idp', { issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks.json' });
  const notEnforced = (verb: string, feature: string, reason: string, fix: string) =>
    new RegExp(`test/mesh/cart: ${verb}: ${feature} is not enforced by the shared node \\(Cilium\\) proxy model "shared-node": expected a proxy model that enforces it \\(${reason}.*\\); fix: ${fix}`);
  it.each<[string, (s: ReturnType<typeof shop>) => void, RegExp]>([
    ['an L7 deny', (s) => s.cart.denyFrom(Peer.anyone(), { paths: [Match.prefix('/admin/')] }), notEnforced('denyFrom', 'DENY by method, path, host, header', 'Cilium deny policies \\(ingressDeny\\) are L3/L4 only', 'allow only the requests')],
    ['an end user', (s) => s.cart.allowFrom(s.web, { endUser: EndUser.issuer(issuer(s)) }), notEnforced('allowFrom', 'end users \\(JWT issuer, subject, audiences, claims\\)', 'Cilium validates no JWTs', 'run the service on a sidecar \\(ProxyModel\\.sidecar\\(\\)\\), or validate tokens')],
    ['accepting tokens', (s) => s.cart.acceptTokensFrom(issuer(s)), notEnforced('acceptTokensFrom', 'end users \\(JWT issuer, subject, audiences, claims\\)', 'Cilium validates no JWTs', 'run the service')],
    ['a required token', (s) => s.cart.requireEndUser(), notEnforced('requireEndUser', 'token required \\(`requireEndUser`\\)', 'Cilium validates no JWTs', 'run the service')],
    ['CUSTOM', (s) => {
      const opa = s.mesh.addService('opa', { image: 'opa:1', ports: [{ port: 9191, protocol: PortProtocol.GRPC }] });
      s.cart.authorizeWith(new ExternalAuthorizer(s.c, 'opa-authz', { mesh: s.mesh, service: opa, port: 9191 }));
    }, notEnforced('authorizeWith', 'CUSTOM \\(`authorizeWith`, ext_authz\\)', 'CiliumNetworkPolicy cannot call an external authorizer', 'run the service on a sidecar')],
    ['AUDIT', (s) => s.cart.auditFrom(s.web), notEnforced('auditFrom', 'AUDIT \\(`auditFrom`\\)', 'CiliumNetworkPolicy only allows or denies', 'use Hubble flow logs')],
    ['dry-run', (s) => s.cart.allowFrom(s.web, { dryRun: true }), notEnforced('allowFrom', 'dry-run', 'every CiliumNetworkPolicy rule is enforced', 'remove dryRun')],
    ['a header prefix', (s) => s.cart.allowFrom(s.web, { when: [Condition.header('x-tenant', Match.prefix('eu-'))] }), notEnforced('allowFrom', 'header prefix/suffix/presence match', 'Cilium HTTP rules match a header by its exact value', 'match exact values')],
    ['excluded paths', (s) => s.cart.allowFrom(s.web, { paths: [Match.prefix('/api/')], excludePaths: [Match.exact('/api/admin')] }), notEnforced('allowFrom', 'excluded paths \\(`excludePaths`\\)', 'Cilium HTTP rules are allow-lists of RE2 regexes', 'list the allowed paths')],
    ['a header exclusion', (s) => s.cart.allowFrom(s.web, { when: [Condition.headerNot('x-debug', Match.exact('1'))] }),
      /test\/mesh\/cart: allowFrom: header exclusion on the shared-node \(Cilium\) model "request.headers\[x-debug\]": expected header conditions that list the accepted values/],
    ['an excluded source address', (s) => s.cart.allowFrom(Peer.anyone(), { when: [Condition.sourceIpNot('10.0.0.0/8')] }),
      /allowFrom: Condition\.sourceIpNot on the shared-node \(Cilium\) model \["10\.0\.0\.0\/8"\]: expected no excluded addresses \(Cilium CIDR rules only match sources outside the cluster/],
    ['a source address together with a peer', (s) => s.cart.allowFrom(s.web, { when: [Condition.sourceIp('10.0.0.0/8')] }),
      /allowFrom: Condition\.sourceIp with a peer on the shared-node \(Cilium\) model "shop\/web": expected Condition\.sourceIp only with Peer\.anyone\(\).*an identity cannot be combined with an address/],
    ['several source-address conditions', (s) => s.cart.allowFrom(Peer.anyone(), { when: [Condition.sourceIp('10.0.0.0/8'), Condition.sourceIp('10.1.0.0/16')] }),
      /allowFrom: several Condition\.sourceIp on the shared-node \(Cilium\) model/],
    ['an IP-based DENY', (s) => s.cart.denyFrom(Peer.ipBlock('10.1.0.0/16')),
      /test\/mesh\/cart: denyFrom: IP-based DENY on the shared-node \(Cilium\) model \["10\.1\.0\.0\/16"\]: expected DENY rules by identity or namespace \(Cilium CIDR rules never match pods or nodes of the cluster/],
  ])('rejects %s', (_t, act, message) => {
    const s = shop();
    expect(() => act(s)).toThrow(message);
  });

  it('rejects a rule before recording it, so a caught error leaves the policy default-deny', () => {
    const { c, web, cart } = shop();
    expect(() => cart.allowFrom(web, { when: [Condition.sourceIp('10.0.0.0/8')] })).toThrow(/Condition\.sourceIp with a peer/);
    expect(cnp(c, 'cart').ingress).toEqual([{ fromEntities: [] }]);
  });

  it('rejects an identity of another trust domain, which Cilium would confuse with a local ServiceAccount', () => {
    const { c, cart } = shop();
    const partner = WorkloadIdentity.fromServiceAccountName(c, 'partner', 'api', { namespace: 'partner', trustDomain: 'partner.example' });
    expect(() => cart.allowFrom(partner)).toThrow(/test\/mesh\/cart: allowFrom: identity of another trust domain on the shared-node \(Cilium\) model "partner\.example\/ns\/partner\/sa\/api": expected identities of the trust domain cluster\.local/);
  });

  it('rejects explicit resilience settings', () => {
    const { mesh } = shop();
    expect(() => mesh.addService('x', { image: 'x:1', ports: [{ port: 80 }], proxyModel: CILIUM, resilience: { timeout: Duration.seconds(5) } }))
      .toThrow(/test\/mesh\/x: resilience: timeouts, retries, circuit breaking is not enforced by the shared node \(Cilium\) proxy model.*DestinationRule and VirtualService settings.*fix: leave resilience unset/);
  });
});

/** Istio's path matching (istio-authz-semantics §b3), on the path without its query. */
function istioPathMatch(pattern: string, path: string): boolean {
  if (pattern === '*') return path !== '';
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return path === pattern;
}

describe('Istio patterns → Cilium regexes', () => {
  it('escapes every regex metacharacter of a literal', () => {
    const literal = 'a.b+c*d?e(f)g[h]i{j}k|l^m$n\\o';
    expect(escapeRegex(literal)).toBe('a\\.b\\+c\\*d\\?e\\(f\\)g\\[h\\]i\\{j\\}k\\|l\\^m\\$n\\\\o');
    expect(new RegExp(`^${escapeRegex(literal)}$`).test(literal)).toBe(true);
    expect(new RegExp(`^${escapeRegex('/v1.0')}$`).test('/v1x0')).toBe(false);
  });

  it.each([
    ['/cart', '^/cart(\\?.*)?$', ['/cart', '/cart?x=1'], ['/cart/', '/carts', '/x/cart']],
    ['/api/*', '^/api/.*$', ['/api/', '/api/v1?x', '/api/a/b'], ['/api', '/apix/']],
    ['*.json', '^[^?]*\\.json(\\?.*)?$', ['/a.json', '/a.json?v=2'], ['/admin?f=.json', '/a.jsonx', '/ajson']],
    ['*', '^.+$', ['/', '/a?b'], ['']],
    ['/u/{*}/files', '^/u/[^/?]+/files(\\?.*)?$', ['/u/7/files', '/u/7/files?x'], ['/u//files', '/u/a/b/files', '/u/a?/files']],
    ['/u/{**}', '^/u/[^?]*(\\?.*)?$', ['/u/', '/u/a/b/c', '/u/a?q=/x'], ['/u', '/v/a']],
    ['/f(1)+$', '^/f\\(1\\)\\+\\$(\\?.*)?$', ['/f(1)+$'], ['/f1+', '/f(1)']],
  ])('path %s → %s', (pattern, regex, hits, misses) => {
    expect(pathRegex(pattern)).toBe(regex);
    for (const p of hits) expect(new RegExp(regex).test(p), p).toBe(true);
    for (const p of misses) expect(new RegExp(regex).test(p), p).toBe(false);
  });

  it('agrees with Istio on every path and query for exact, prefix, suffix and presence patterns', () => {
    const char = fc.constantFrom('a', 'b', '/', '.', '+', '(', ')', '$', '^', '|', '[', ']', '\\', '-', '%', '=');
    const text = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));
    const pattern = fc.oneof(
      text.map((t) => `/${t}`), text.map((t) => `/${t}*`), text.filter((t) => t !== '').map((t) => `*${t}`), fc.constant('*'),
    );
    const query = fc.oneof(fc.constant(''), fc.array(fc.oneof(char, fc.constant('?')), { maxLength: 5 }).map((cs) => `?${cs.join('')}`));
    fc.assert(fc.property(pattern, text, text, query, (p, a, b, q) => {
      const literal = p.replace('*', '');
      for (const path of [`/${a}`, literal, `${literal}${a}`, `/${a}${literal}`, `${literal}${b}${literal}`]) {
        if (!path.startsWith('/') || path.includes('?')) continue; // a request's path starts with "/" and ends at "?"
        expect(new RegExp(pathRegex(p)).test(`${path}${q}`), `${p} vs ${path}${q}`).toBe(istioPathMatch(p, path));
      }
    }), { numRuns: 300 });
  });

  it('anchors methods and joins hosts into one alternation', () => {
    expect(methodRegex('GET')).toBe('^GET$');
    expect(methodRegex('M-SEARCH.X')).toBe('^M-SEARCH\\.X$');
    expect(hostRegex(['api.example.com'])).toBe('^[aA][pP][iI]\\.[eE][xX][aA][mM][pP][lL][eE]\\.[cC][oO][mM]$');
    const hosts = hostRegex(['api.example.com', 'api.example.com:*', '*.internal']);
    expect(hosts.startsWith('^([aA][pP][iI]\\.')).toBe(true);
    // Istio compares hosts case-insensitively: so does the regex
    for (const h of ['api.example.com', 'API.Example.COM', 'api.example.com:8080', 'x.internal', 'X.INTERNAL']) expect(new RegExp(hosts).test(h), h).toBe(true);
    for (const h of ['apiXexample.com', 'api.example.com.evil', 'internal']) expect(new RegExp(hosts).test(h), h).toBe(false);
    expect(hostRegex(['*'])).toBe('^.+$');
  });
});
