// SPDX-License-Identifier: Apache-2.0
/**
 * `cdk8s-mesh explain` (DESIGN.md decision 10) over the hand-written Istio YAML of
 * synth-tests/analyze/yaml: the JSON output exactly, the table, a request from flags, and
 * exit 2 with a clear message on bad input.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../lib/cli/cli-io';
import { addExplainCommand } from '../../../lib/cli/explain-command';

const YAML_DIR = path.join(__dirname, '..', 'yaml');
const REQUESTS = path.join(YAML_DIR, 'requests.yaml');

function run(...args: string[]): { code: ExitCode; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const result = { code: ExitCode.OK };
  const program = new Command('cdk8s-mesh').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  addExplainCommand(program, { out: (l) => out.push(l), err: (l) => err.push(l) }, result);
  try {
    program.parse(['explain', ...args], { from: 'user' });
  } catch {
    result.code = ExitCode.BAD_INPUT;
  }
  return { code: result.code, out: out.join('\n'), err: err.join('\n') };
}

const EXPECTED = [
  { id: 'ingress-home', decision: 'ALLOW', chain: [{ point: 'gateway', decision: 'ALLOW', policy: 'edge/ingress-allow', rule: 'ns[edge]-policy[ingress-allow]-rule[0]' }] },
  { id: 'ingress-blocked-range', decision: 'DENY', chain: [{ point: 'gateway', decision: 'DENY', policy: 'edge/block-ranges', rule: 'ns[edge]-policy[block-ranges]-rule[0]' }] },
  { id: 'ingress-api-without-token', decision: 'DENY', chain: [{ point: 'gateway', decision: 'DENY' }] },
  { id: 'ingress-api-with-token', decision: 'ALLOW', chain: [{ point: 'gateway', decision: 'ALLOW', policy: 'edge/ingress-allow', rule: 'ns[edge]-policy[ingress-allow]-rule[1]' }] },
  { id: 'ingress-api-foreign-issuer', decision: 'DENY', chain: [{ point: 'gateway', decision: 'DENY', policy: 'edge/ingress-jwt' }] },
  { id: 'ingress-admin-via-ext-authz', decision: 'ALLOW', chain: [{ point: 'gateway', decision: 'ALLOW', policy: 'edge/ingress-allow', rule: 'ns[edge]-policy[ingress-allow]-rule[0]' }] },
  { id: 'ingress-host-with-port', decision: 'DENY', chain: [{ point: 'gateway', decision: 'DENY' }] },
  { id: 'frontend-from-gateway', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/frontend-allow', rule: 'ns[shop]-policy[frontend-allow]-rule[0]' }] },
  { id: 'frontend-from-cart', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY' }] },
  { id: 'cart-items', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cart-allow', rule: 'ns[shop]-policy[cart-allow]-rule[0]' }] },
  { id: 'cart-debug', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY', policy: 'shop/deny-debug', rule: 'ns[shop]-policy[deny-debug]-rule[0]' }] },
  { id: 'cart-delete-dry-run-deny', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cart-allow', rule: 'ns[shop]-policy[cart-allow]-rule[0]' }] },
  { id: 'cart-metrics-plaintext-scraper', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cart-allow', rule: 'ns[shop]-policy[cart-allow]-rule[2]' }] },
  { id: 'cart-api-plaintext', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY', policy: 'istio-system/default' }] },
  { id: 'cart-from-quarantine', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY', policy: 'istio-system/deny-quarantine', rule: 'ns[istio-system]-policy[deny-quarantine]-rule[0]' }] },
  { id: 'cache-from-cart', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY' }] },
  { id: 'cache-from-frontend', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cache-allow', rule: 'ns[shop]-policy[cache-allow]-rule[1]' }] },
  { id: 'reports-from-cron-plaintext', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'legacy/reports-allow', rule: 'ns[legacy]-policy[reports-allow]-rule[0]' }] },
  { id: 'reports-from-shop', decision: 'DENY', chain: [{ point: 'sidecar', decision: 'DENY' }] },
  { id: 'payments-charge', decision: 'ALLOW', chain: [
    { point: 'waypoint', decision: 'ALLOW', policy: 'payments/payments-allow', rule: 'ns[payments]-policy[payments-allow]-rule[0]' },
    { point: 'ztunnel', decision: 'ALLOW', policy: 'payments/payments-waypoint-only', rule: 'ns[payments]-policy[payments-waypoint-only]-rule[0]' },
  ] },
  { id: 'payments-charge-without-token', decision: 'DENY', chain: [{ point: 'waypoint', decision: 'DENY' }] },
  { id: 'payments-status-from-frontend', decision: 'DENY', chain: [{ point: 'waypoint', decision: 'DENY' }] },
  { id: 'ledger-from-payments', decision: 'ALLOW', chain: [{ point: 'ztunnel', decision: 'ALLOW', policy: 'payments/ledger-allow', rule: 'ns[payments]-policy[ledger-allow]-rule[0]' }] },
  { id: 'ledger-from-cart', decision: 'DENY', chain: [{ point: 'ztunnel', decision: 'DENY' }] },
];

describe('explain --requests over hand-written Istio YAML (decision 10)', () => {
  it('prints exactly the JSON array of decisions in request order, and exits 0 whatever the decisions', () => {
    const r = run('--manifests', YAML_DIR, '--requests', REQUESTS, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.OK);
    expect(r.out).toBe(JSON.stringify(EXPECTED, null, 2));
  });

  it('--detail adds each step\'s detail: the proxy, the reason, the notes', () => {
    const decisions = JSON.parse(run('--manifests', YAML_DIR, '--requests', REQUESTS, '--format', 'json', '--detail').out);
    const byId = (id: string) => decisions.find((d: { id: string }) => d.id === id);
    expect(byId('frontend-from-cart').chain[0].detail).toEqual({
      at: 'shop/frontend',
      reason: 'no ALLOW policy matched; closest: shop/frontend-allow rule 0 needs principals [cluster.local/ns/edge/sa/ingressgateway] (got cluster.local/ns/shop/sa/cart)',
      notes: ['endpoint shop/frontend: sidecar (namespace label istio-injection=enabled)'],
    });
    expect(byId('cache-from-cart').chain[0].detail.notes).toContain('shop/cache-allow rule 0 dropped on this TCP port: methods is HTTP only (b4)');
    expect(byId('ingress-admin-via-ext-authz').chain[0].detail.notes).toContain('CUSTOM edge/ext-authz-admin rule 0 matched: the external authorizer "opa" decides, assumed ALLOW (customVerdict)');
    expect(byId('ingress-host-with-port').chain[0].detail.reason).toContain('needs hosts [shop.example.com, *.shop.example.com] (got shop.example.com:80)');
    expect(byId('payments-charge').chain.map((s: { detail: { at: string } }) => s.detail.at)).toEqual(['payments/waypoint', 'payments/payments']);
    expect(byId('ledger-from-cart').chain[0].detail.notes).toContain('payments/ledger-allow rule 1 omitted: ztunnel does not enforce L7 attributes (methods) and drops the ALLOW rule (b6)');
  });

  it('--custom-verdict DENY lets the external authorizer deny', () => {
    const decisions = JSON.parse(run('--manifests', YAML_DIR, '--requests', REQUESTS, '--format', 'json', '--custom-verdict', 'DENY').out);
    expect(decisions.find((d: { id: string }) => d.id === 'ingress-admin-via-ext-authz').chain).toEqual([
      { point: 'gateway', decision: 'DENY', policy: 'edge/ext-authz-admin', rule: 'ns[edge]-policy[ext-authz-admin]-rule[0]' },
    ]);
  });

  it('prints a table by default: one line per enforcement point and a summary', () => {
    const r = run('--manifests', YAML_DIR, '--requests', REQUESTS);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('ID                              DECISION  POINT     STEP   DECIDED BY');
    expect(lines).toContain('payments-charge                 ALLOW     waypoint  ALLOW  ns[payments]-policy[payments-allow]-rule[0]');
    expect(lines).toContain('                                          ztunnel   ALLOW  ns[payments]-policy[payments-waypoint-only]-rule[0]');
    expect(lines).toContain('cart-api-plaintext              DENY      sidecar   DENY   istio-system/default (mTLS required)');
    expect(lines[lines.length - 1]).toBe('24 requests: 11 allowed, 13 denied');
  });
});

describe('explain: a single request from flags', () => {
  it('decides --from/--to/--method/--path', () => {
    const r = run('--manifests', YAML_DIR, '--from', 'shop/frontend', '--to', 'cart.shop:8080', '--method', 'GET', '--path', '/cart/7', '--format', 'json');
    expect(JSON.parse(r.out)).toEqual([{ id: 'request', decision: 'ALLOW', chain: [{ point: 'sidecar', decision: 'ALLOW', policy: 'shop/cart-allow', rule: 'ns[shop]-policy[cart-allow]-rule[0]' }] }]);
  });

  it('takes --plaintext --source-ip, --header, --host and a token from --jwt-*', () => {
    const r = run('--manifests', YAML_DIR, '--plaintext', '--source-ip', '198.51.100.7', '--to', 'ingressgateway.edge:80', '--method', 'GET', '--path', '/api/x',
      '--host', 'shop.example.com', '--header', 'x-trace=1', '--jwt-iss', 'https://idp.example.com', '--jwt-sub', 'alice', '--format', 'json', '--id', 'api');
    expect(JSON.parse(r.out)[0]).toEqual({ id: 'api', decision: 'ALLOW', chain: [{ point: 'gateway', decision: 'ALLOW', policy: 'edge/ingress-allow', rule: 'ns[edge]-policy[ingress-allow]-rule[1]' }] });
  });

  it('takes --principal and decides plain TCP without --method', () => {
    const r = run('--manifests', YAML_DIR, '--principal', 'cluster.local/ns/payments/sa/payments', '--to', 'ledger.payments:5432', '--format', 'json');
    expect(JSON.parse(r.out)[0].chain).toEqual([{ point: 'ztunnel', decision: 'ALLOW', policy: 'payments/ledger-allow', rule: 'ns[payments]-policy[ledger-allow]-rule[0]' }]);
  });
});

describe('explain: bad input exits 2 with a message naming the value', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown workload', ['--from', 'shop/nope', '--to', 'cart.shop:8080'], /unknown workload "shop\/nope" in source\.workload: expected <namespace>\/<name>/],
    ['unknown service', ['--from', 'shop/cart', '--to', 'carts.shop:8080'], /unknown service "carts" in namespace "shop": expected a Service of the manifests/],
    ['unknown port', ['--from', 'shop/cart', '--to', 'cart.shop:9999'], /service shop\/cart has no port 9999: expected one of 8080, 9102/],
    ['bad --to', ['--from', 'shop/cart', '--to', 'cart:8080'], /--to "cart:8080" must be <service>\.<namespace>:<port>/],
    ['two sources', ['--from', 'shop/cart', '--plaintext', '--to', 'cart.shop:8080'], /exactly one source/],
    ['nothing to do', [], /nothing to explain/],
    ['missing manifests', ['--requests', REQUESTS, '--manifests', '/nonexistent/dir'], /nonexistent/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = run(...(args.includes('--manifests') ? args : ['--manifests', YAML_DIR, ...args]));
      expect(r.code).toBe(ExitCode.BAD_INPUT);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    });
  }

  it('a bad requests file names the request and the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-'));
    const file = path.join(dir, 'requests.yaml');
    fs.writeFileSync(file, 'requests:\n  - id: ok\n    source: { workload: shop/cart }\n    destination: { service: cart, namespace: shop, port: "8080" }\n');
    const r = run('--manifests', YAML_DIR, '--requests', file);
    expect(r.code).toBe(ExitCode.BAD_INPUT);
    expect(r.err).toBe('cdk8s-mesh: request "ok": destination.port "8080" must be a Service port number (1-65535)');
  });
});
