// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ExternalAuthorizer, HttpMethod, Match, Mesh, Peer, PortProtocol } from 'cdk8s-mesh';
import { chart, objects, one } from '../helpers';

function bank() {
  const c = chart({ namespace: 'bank' });
  const mesh = new Mesh(c, 'mesh');
  const opa = mesh.addService('opa', { image: 'openpolicyagent/opa:1.0.0-envoy', namespace: 'authz', ports: [{ port: 9191, protocol: PortProtocol.GRPC }, { port: 8181 }] });
  const web = mesh.addService('web', { image: 'w:1', ports: [{ port: 80 }] });
  const accounts = mesh.addService('accounts', { image: 'a:1', ports: [{ port: 80, targetPort: 8080 }] });
  return { c, mesh, opa, web, accounts };
}

describe('ExternalAuthorizer', () => {
  it('registers a gRPC ext_authz provider that fails closed', () => {
    const { c, mesh, opa } = bank();
    new ExternalAuthorizer(c, 'opa-authz', { mesh, service: opa, port: 9191, providerName: 'opa' });
    expect(mesh.meshConfig.extensionProviders).toContainEqual({
      name: 'opa',
      envoyExtAuthzGrpc: { service: 'opa.authz.svc.cluster.local', port: 9191, timeout: '1s', failOpen: false },
    });
  });

  it('renders a CUSTOM policy for the checked requests and lets the protected service reach the authorizer', () => {
    const { c, mesh, opa, web, accounts } = bank();
    const authz = new ExternalAuthorizer(c, 'opa-authz', { mesh, service: opa, port: 9191, providerName: 'opa' });
    accounts.allowFrom(web);
    accounts.authorizeWith(authz, { paths: [Match.prefix('/accounts/')], methods: [HttpMethod.POST] });
    expect(one(c, 'AuthorizationPolicy', 'accounts-custom').spec).toEqual({
      selector: { matchLabels: { app: 'accounts' } },
      action: 'CUSTOM',
      provider: { name: 'opa' },
      rules: [{ to: [{ operation: { methods: ['POST'], paths: ['/accounts/*'] } }] }],
    });
    expect(one(c, 'AuthorizationPolicy', 'opa-allow').spec.rules).toEqual([{
      from: [{ source: { principals: ['cluster.local/ns/bank/sa/accounts'] } }],
      to: [{ operation: { ports: ['9191'] } }],
    }]);
    const bankSidecar = objects(c, 'Sidecar').find((s) => s.metadata.namespace === 'bank')!;
    expect(bankSidecar.spec.egress[0].hosts).toContain('authz/opa.authz.svc.cluster.local');
  });

  it('checks only the given peer, and records a justified fail-open on the policy', () => {
    const { c, mesh, opa, web, accounts } = bank();
    const authz = new ExternalAuthorizer(c, 'opa-authz', { mesh, service: opa, port: 8181, timeout: Duration.millis(300), includeRequestHeaders: ['X-Tenant'], failOpenJustification: 'read-only catalogue; availability over strictness (RISK-3)' });
    accounts.authorizeWith(authz, { from: web });
    expect(mesh.meshConfig.extensionProviders).toContainEqual({
      name: 'cdk8s-mesh-opa-authz',
      envoyExtAuthzHttp: { service: 'opa.authz.svc.cluster.local', port: 8181, timeout: '300ms', failOpen: true, includeRequestHeadersInCheck: ['x-tenant'] },
    });
    const policy = one(c, 'AuthorizationPolicy', 'accounts-custom');
    expect(policy.metadata.annotations).toEqual({ 'mesh.cdk8s.io/authorizer-fail-open': 'read-only catalogue; availability over strictness (RISK-3)' });
    expect(policy.spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/bank/sa/web'] } }] }]);
  });

  it.each<[string, object, RegExp]>([
    ['a port the service does not serve', { port: 1234 }, /authorizer port not served by a service of this mesh/],
    ['a TCP port', { port: 5432 }, /authorizer on a TCP port 5432/],
    ['an unjustified fail-open', { failOpenJustification: 'yes' }, /failOpen without a justification "yes"/],
    ['headers on a gRPC authorizer', { includeRequestHeaders: ['x-a'] }, /includeRequestHeaders on a gRPC authorizer/],
  ])('rejects %s', (_t, override, message) => {
    const { c, mesh } = bank();
    const svc = mesh.addService('authz2', { image: 'x:1', ports: [{ port: 9191, protocol: PortProtocol.GRPC }, { port: 5432, protocol: PortProtocol.TCP }] });
    expect(() => new ExternalAuthorizer(c, 'a', { mesh, service: svc, port: 9191, ...override })).toThrow(message);
  });

  it('rejects a second authorizer on one workload and a provider name clash', () => {
    const { c, mesh, opa, accounts } = bank();
    const one1 = new ExternalAuthorizer(c, 'a1', { mesh, service: opa, port: 9191 });
    const two = new ExternalAuthorizer(c, 'a2', { mesh, service: opa, port: 8181 });
    accounts.authorizeWith(one1);
    expect(() => accounts.authorizeWith(two)).toThrow(/authorizeWith: second external authorizer "cdk8s-mesh-a2": expected one authorizer per workload \(already using cdk8s-mesh-a1\)/);
    expect(() => new ExternalAuthorizer(c, 'a3', { mesh, service: opa, port: 8181, providerName: 'cdk8s-mesh-a1' })).toThrow(/cdk8s-mesh-a1/);
    expect(() => accounts.authorizeWith(one1, { from: Peer.anyone(), dryRun: true })).toThrow(/dry-run CUSTOM rule true: expected no dryRun: Istio still calls the external authorizer/);
  });
});
