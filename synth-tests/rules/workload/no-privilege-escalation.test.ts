// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { HARDENED, deployment, namespace } from '../mtls/fixtures';
import { findings } from '../mtls/rule-findings';
import { NO_PRIVILEGE_ESCALATION } from '../../../lib/validate/rules/workload/no-privilege-escalation';
import { check, verdicts, violations } from '../harness';

const EXCEPTION = { 'mesh.cdk8s.io/hardening-exception.allow-privilege-escalation': 'setuid helper in vendor image, SEC-7' };

describe('MESH-WL-04: every container forbids privilege escalation and is not privileged', () => {
  it('Compliance: allowPrivilegeEscalation false, not privileged', () => {
    expect(verdicts(check(NO_PRIVILEGE_ESCALATION, namespace('shop') + deployment({ name: 'cart' })))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: allowPrivilegeEscalation unset (Kubernetes then allows it)', () => {
    const [v] = violations(check(NO_PRIVILEGE_ESCALATION, namespace('shop') + deployment({ name: 'cart', securityContext: { runAsNonRoot: true } })));
    expect(v.message).toMatch(/^Deployment shop\/cart: container "app" has allowPrivilegeEscalation unset; expected allowPrivilegeEscalation false and no privileged containers$/);
  });

  it('Noncompliance 2: a privileged init container', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', initContainers: [{ name: 'net', image: 'x', securityContext: { allowPrivilegeEscalation: false, privileged: true } }] });
    expect(violations(check(NO_PRIVILEGE_ESCALATION, yaml))[0].message).toMatch(/init container "net" is privileged/);
  });

  it('Noncompliance 3: a recorded allow-privilege-escalation exception becomes the justification', () => {
    const yaml = namespace('shop') + deployment({ name: 'legacy', risk: 'low', annotations: EXCEPTION, securityContext: { ...HARDENED, allowPrivilegeEscalation: true } });
    const [v] = violations(check(NO_PRIVILEGE_ESCALATION, yaml));
    expect(v.message).toMatch(/container "app" has allowPrivilegeEscalation true/);
    expect(v.justification).toBe('setuid helper in vendor image, SEC-7');
    expect(findings(NO_PRIVILEGE_ESCALATION, yaml)[0]).toMatchObject({ status: 'suppressed', reason: 'setuid helper in vendor image, SEC-7' });
  });

  it('Noncompliance 4: the exception does not cover a privileged container', () => {
    const yaml = namespace('shop') + deployment({ name: 'legacy', annotations: EXCEPTION, securityContext: { ...HARDENED, allowPrivilegeEscalation: true, privileged: true } });
    expect(violations(check(NO_PRIVILEGE_ESCALATION, yaml))[0].justification).toBeUndefined();
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(NO_PRIVILEGE_ESCALATION, deployment({ name: 'istiod', namespace: 'istio-system', securityContext: {} }))).toEqual([]);
  });
});
