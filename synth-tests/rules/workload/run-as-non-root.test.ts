// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { HARDENED, deployment, namespace } from '../mtls/fixtures';
import { findings } from '../mtls/rule-findings';
import { RUN_AS_NON_ROOT } from '../../../lib/validate/rules/workload/run-as-non-root';
import { check, verdicts, violations } from '../harness';

const SHOP = namespace('shop');
const ROOT_EXCEPTION = { 'mesh.cdk8s.io/hardening-exception.run-as-root': 'vendor image binds as root; replacement tracked in SEC-42' };

describe('MESH-WL-01: every container of an application workload runs as a non-root user', () => {
  it('Compliance: runAsNonRoot at pod level is inherited by every container', () => {
    const out = check(RUN_AS_NON_ROOT, SHOP + deployment({ name: 'cart', securityContext: { readOnlyRootFilesystem: true } }));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: runAsNonRoot set nowhere', () => {
    const [v] = violations(check(RUN_AS_NON_ROOT, SHOP + deployment({ name: 'cart', podSecurityContext: {}, securityContext: {} })));
    expect(v.message).toMatch(/^Deployment shop\/cart: container "app" has runAsNonRoot unset; expected runAsNonRoot true \(pod or container\) and no runAsUser 0$/);
    expect(v.justification).toBeUndefined();
  });

  it('Noncompliance 2: a container overrides the pod with runAsNonRoot false and UID 0', () => {
    const [v] = violations(check(RUN_AS_NON_ROOT, SHOP + deployment({ name: 'cart', securityContext: { ...HARDENED, runAsNonRoot: false, runAsUser: 0 } })));
    expect(v.message).toMatch(/container "app" has runAsNonRoot false and runAsUser 0/);
  });

  it('Noncompliance 3: an init container running as UID 0 from the pod', () => {
    const yaml = SHOP + deployment({ name: 'cart', podSecurityContext: { runAsNonRoot: true, runAsUser: 0 }, securityContext: { runAsUser: 1000 }, initContainers: [{ name: 'setup', image: 'x' }] });
    const [v] = violations(check(RUN_AS_NON_ROOT, yaml));
    expect(v.message).toMatch(/: init container "setup" has runAsUser 0;/);
    expect(v.message).not.toMatch(/container "app"/);
  });

  it('Noncompliance 4: a recorded run-as-root exception becomes the justification (reported as suppressed)', () => {
    const yaml = SHOP + deployment({ name: 'legacy', risk: 'medium', annotations: ROOT_EXCEPTION, securityContext: { ...HARDENED, runAsNonRoot: false, runAsUser: 0 } });
    const [v] = violations(check(RUN_AS_NON_ROOT, yaml));
    expect(v.justification).toBe('vendor image binds as root; replacement tracked in SEC-42');
    expect(findings(RUN_AS_NON_ROOT, yaml)[0]).toMatchObject({ status: 'suppressed', suppressedBy: 'exception', reason: 'vendor image binds as root; replacement tracked in SEC-42' });
  });

  it('an exception for another hardening rule does not justify running as root', () => {
    const yaml = SHOP + deployment({ name: 'legacy', annotations: { 'mesh.cdk8s.io/hardening-exception.writable-root-filesystem': 'writes its cache under /var/lib/legacy' }, podSecurityContext: {}, securityContext: {} });
    expect(violations(check(RUN_AS_NON_ROOT, yaml))[0].justification).toBeUndefined();
  });

  it('NotApplicable: only mesh infrastructure (a gateway)', () => {
    const yaml = SHOP + deployment({ name: 'gw', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' }, podSecurityContext: {}, securityContext: {} });
    expect(check(RUN_AS_NON_ROOT, yaml)).toEqual([]);
  });
});
