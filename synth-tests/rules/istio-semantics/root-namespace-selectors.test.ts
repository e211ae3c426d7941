// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { authz, deployment, namespace } from './fixtures';
import { ROOT_NAMESPACE_SELECTORS } from '../../../lib/validate/rules/istio-semantics/root-namespace-selectors';
import { check, verdicts, violations } from '../harness';

const APPS = namespace('shop', 'istio-injection: enabled') + deployment('shop', 'api') + namespace('bank', 'istio-injection: enabled') + deployment('bank', 'api');

describe('MESH-SEM-15: selector policies in the root namespace select only the workloads meant, in any namespace', () => {
  it('Compliance 1: a mesh-wide policy without selector, and a gateway policy on istio: ingressgateway', () => {
    const yaml = APPS + authz('istio-system', 'deny-legacy', 'action: DENY\nrules: [{ from: [{ source: { namespaces: [legacy] } }] }]')
      + authz('istio-system', 'ingress', 'selector: { matchLabels: { istio: ingressgateway } }\nrules: [{}]');
    expect(verdicts(check(ROOT_NAMESPACE_SELECTORS, yaml))).toEqual(['compliant AuthorizationPolicy istio-system/deny-legacy', 'compliant AuthorizationPolicy istio-system/ingress']);
  });

  it('Noncompliance 1: a root-namespace selector reaches app=api pods of every namespace (info)', () => {
    const yaml = APPS + authz('istio-system', 'api-allow', 'selector: { matchLabels: { app: api } }\nrules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/web] } }] }]');
    const [v] = violations(check(ROOT_NAMESPACE_SELECTORS, yaml));
    expect(v.message).toBe('AuthorizationPolicy istio-system/api-allow selects {"app":"api"} from the root namespace, so it applies in every namespace: '
      + 'here to bank/api and shop/api (namespaces bank and shop); expected the policy in the workloads\' own namespace, or labels unique to the workloads meant');
  });

  it('Noncompliance 2: a RequestAuthentication with a selector in the root namespace, matching no workload here', () => {
    const yaml = `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: istio-system }
spec: { selector: { matchLabels: { tier: web } }, jwtRules: [{ issuer: https://login.example }] }
`;
    expect(violations(check(ROOT_NAMESPACE_SELECTORS, yaml))[0].message).toMatch(/matches pods with these labels in every namespace \(none in these manifests\)/);
  });

  it('NotApplicable: selector policies outside the root namespace', () => {
    expect(check(ROOT_NAMESPACE_SELECTORS, APPS + authz('shop', 'api-allow', 'selector: { matchLabels: { app: api } }\nrules: [{}]'))).toEqual([]);
  });
});
