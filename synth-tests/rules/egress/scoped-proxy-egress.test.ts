// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AMBIENT, SIDECAR, deployment, namespace, object } from './fixtures';
import { SCOPED_PROXY_EGRESS } from '../../../lib/validate/rules/egress/scoped-proxy-egress';
import { check, verdicts, violations } from '../harness';

const sidecarScope = (ns: string, hosts: string[]) => object('networking.istio.io/v1', 'Sidecar', 'default', ns, { egress: [{ hosts }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
const shop = namespace('shop') + deployment('cart', 'shop', SIDECAR) + deployment('web', 'shop', SIDECAR);

describe('MESH-EGRESS-02: sidecar proxies are scoped to the services they call and can reach the control plane', () => {
  it('Compliance: the namespace Sidecar lists namespace-qualified hosts and the root namespace', () => {
    const out = check(SCOPED_PROXY_EGRESS, shop + sidecarScope('shop', ['istio-system/*', './*', 'payments/api.payments.svc.cluster.local']));
    expect(verdicts(out)).toEqual(['compliant Sidecar shop/default']);
    expect(out[0].message).toMatch(/scopes the egress of shop\/cart, shop\/web to 3 namespace-qualified hosts, including istio-system\/\*/);
  });

  it('Compliance: a root-namespace Sidecar covers a namespace without its own', () => {
    const out = check(SCOPED_PROXY_EGRESS, shop + sidecarScope('istio-system', ['istio-system/*', './*']));
    expect(verdicts(out)).toEqual(['compliant Sidecar istio-system/default']);
  });

  it('Noncompliance 1: a wildcard namespace in the egress hosts', () => {
    const [v] = violations(check(SCOPED_PROXY_EGRESS, shop + sidecarScope('shop', ['istio-system/*', '*/*'])));
    expect(v.subject).toMatchObject({ kind: 'Sidecar', namespace: 'shop', name: 'default' });
    expect(v.message).toMatch(/Sidecar shop\/default has egress hosts \["\*\/\*"\] with a wildcard namespace/);
  });

  it('Noncompliance 2: the control plane namespace is not reachable', () => {
    const [v] = violations(check(SCOPED_PROXY_EGRESS, shop + sidecarScope('shop', ['./*'])));
    expect(v.message).toMatch(/Sidecar shop\/default egress hosts \["\.\/\*"\] do not include the control plane namespace istio-system; expected "istio-system\/\*"/);
  });

  it('Noncompliance 3: a sidecar namespace without any Sidecar is reported on the expected Sidecar', () => {
    const [v] = violations(check(SCOPED_PROXY_EGRESS, shop));
    expect(v.subject).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', name: 'default', namespace: 'shop' });
    expect(v.message).toMatch(/no Sidecar applies to the sidecar workloads shop\/cart, shop\/web/);
  });

  it('Noncompliance 4: a Sidecar without egress hosts keeps Istio\'s default', () => {
    const yaml = shop + object('networking.istio.io/v1', 'Sidecar', 'default', 'shop', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
    const [v] = violations(check(SCOPED_PROXY_EGRESS, yaml));
    expect(v.message).toMatch(/Sidecar shop\/default lists no egress hosts/);
  });

  it('NotApplicable: no sidecar workloads', () => {
    expect(check(SCOPED_PROXY_EGRESS, namespace('shop') + deployment('cart', 'shop', AMBIENT))).toEqual([]);
  });
});
