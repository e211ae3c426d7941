// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BankChart } from '../../examples/bank/main';
import type { Obj } from '../helpers';

describe('examples/bank', () => {
  const objs = Testing.synth(new BankChart(Testing.app(), 'bank')) as Obj[];
  const find = (kind: string, name: string, namespace?: string) => {
    const found = objs.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
    expect(found, `${kind} ${namespace ?? '*'}/${name}`).toHaveLength(1);
    return found[0];
  };

  it('is secure by default everywhere: STRICT mTLS, default deny in every namespace, REGISTRY_ONLY wherever workloads run', () => {
    expect(find('PeerAuthentication', 'default', 'istio-system').spec).toEqual({ mtls: { mode: 'STRICT' } });
    const namespaces = objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    expect(namespaces).toEqual(['bank-authz', 'bank-core', 'bank-edge', 'bank-web']);
    for (const ns of namespaces) {
      expect(find('AuthorizationPolicy', 'allow-nothing', ns).spec).toEqual({ action: 'ALLOW' });
      // bank-edge holds only the ingress gateway, which the Sidecar resource does not govern.
      if (ns !== 'bank-edge') expect(find('Sidecar', 'default', ns).spec.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
    }
  });

  it('validates the customer token at the edge and exchanges it for a header', () => {
    const rules = find('RequestAuthentication', 'edge-jwt', 'bank-edge').spec.jwtRules;
    expect(rules).toEqual([expect.objectContaining({
      issuer: 'https://login.bank.example',
      outputClaimToHeaders: [{ header: 'x-customer-id', claim: 'sub' }],
      forwardOriginalToken: false,
    })]);
    const edge = find('AuthorizationPolicy', 'edge-allow', 'bank-edge').spec;
    expect(edge.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }]);
    expect(edge.rules[0].from).toEqual([{ source: { requestPrincipals: ['https://login.bank.example/*'] } }]);
  });

  it('checks the internal end-user token on every hop and requires it', () => {
    for (const svc of ['accounts', 'payments']) {
      expect(find('RequestAuthentication', `${svc}-jwt`, 'bank-core').spec.jwtRules.map((r: any) => [r.issuer, r.forwardOriginalToken])).toEqual([['https://sts.bank.internal', true]]);
      expect(find('AuthorizationPolicy', `${svc}-require-jwt`, 'bank-core').spec.rules[0].from).toEqual([{ source: { notRequestPrincipals: ['*'] } }]);
    }
    const transfer = find('AuthorizationPolicy', 'payments-allow', 'bank-core').spec.rules[0];
    expect(transfer.when).toContainEqual({ key: 'request.auth.claims[scope]', values: ['payments:write'] });
  });

  it('sends transfers to OPA over the mesh, fail-closed', () => {
    expect(find('AuthorizationPolicy', 'payments-custom', 'bank-core').spec.provider).toEqual({ name: 'bank-opa' });
    const meshConfig = find('ConfigMap', 'cdk8s-mesh-config', 'istio-system').data.mesh as string;
    expect(meshConfig).toContain('name: bank-opa');
    expect(meshConfig).toContain('failOpen: false');
    expect(find('AuthorizationPolicy', 'opa-allow', 'bank-authz').spec.rules[0].from[0].source.principals).toEqual(['bank.example/ns/bank-core/sa/payments']);
  });

  it('reaches the card network only through the egress gateway, admitting only payments', () => {
    expect(find('ServiceEntry', 'card-network', 'bank-egress').spec.hosts).toEqual(['api.cardnetwork.example']);
    const gatewayPolicies = objs.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === 'istio-system');
    const principals = gatewayPolicies.flatMap((p) => (p.spec.rules ?? []).flatMap((r: any) => (r.from ?? []).flatMap((f: any) => f.source.principals ?? [])));
    expect([...new Set(principals)]).toEqual(['bank.example/ns/bank-core/sa/payments']);
  });

  it('segments every (high-risk) service at L3: the edge gateway\'s pods to web, the services to their callers, payments to OPA', () => {
    const segmented = objs.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(segmented).toEqual(['bank-authz/opa', 'bank-core/accounts', 'bank-core/ledger', 'bank-core/payments', 'bank-web/web']);
    const pods = (ns: string, labels: Record<string, string>) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels: labels } });
    expect(find('NetworkPolicy', 'web', 'bank-web').spec.ingress).toEqual([{ from: [pods('bank-edge', { 'gateway.networking.k8s.io/gateway-name': 'edge' })], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(find('NetworkPolicy', 'opa', 'bank-authz').spec.ingress).toEqual([{ from: [pods('bank-core', { app: 'payments' })], ports: [{ port: 9191, protocol: 'TCP' }] }]);
    expect(find('NetworkPolicy', 'ledger', 'bank-core').spec.ingress).toEqual([{ from: [pods('bank-core', { app: 'accounts' }), pods('bank-core', { app: 'payments' })], ports: [{ port: 5432, protocol: 'TCP' }] }]);
  });

  it('gives every service resilience settings and a readiness probe', () => {
    for (const svc of ['web', 'accounts', 'payments', 'ledger', 'opa']) {
      const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === svc)!;
      expect(dep.spec.template.spec.containers[0].readinessProbe, svc).toBeDefined();
      expect(objs.some((o) => o.kind === 'DestinationRule' && o.metadata.name === svc), svc).toBe(true);
    }
    expect(find('VirtualService', 'payments', 'bank-core').spec.http[0].retries).toEqual({ attempts: 0 });
    // the external dependency too: circuit breaking at the egress gateway, timeout on the caller's hop
    expect(find('DestinationRule', 'card-network', 'bank-egress').spec.trafficPolicy.outlierDetection).toBeDefined();
    const callerHop = find('VirtualService', 'card-network-egress', 'bank-egress').spec.http.find((r: any) => r.match[0].gateways[0] === 'mesh');
    expect(callerHop.timeout).toBe('10s');
  });
});
