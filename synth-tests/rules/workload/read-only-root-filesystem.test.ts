// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { HARDENED, deployment, namespace } from '../mtls/fixtures';
import { findings } from '../mtls/rule-findings';
import { READ_ONLY_ROOT_FILESYSTEM } from '../../../lib/validate/rules/workload/read-only-root-filesystem';
import { check, verdicts, violations } from '../harness';

const WRITABLE = { ...HARDENED, readOnlyRootFilesystem: false };

describe('MESH-WL-03: every container of an application workload has a read-only root filesystem', () => {
  it('Compliance: every container read-only', () => {
    expect(verdicts(check(READ_ONLY_ROOT_FILESYSTEM, namespace('shop') + deployment({ name: 'cart' })))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: a writable root filesystem is an error for high risk', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', risk: 'high', securityContext: WRITABLE });
    const [v] = violations(check(READ_ONLY_ROOT_FILESYSTEM, yaml));
    expect(v.message).toMatch(/^Deployment shop\/cart: container "app" \(readOnlyRootFilesystem false\); expected readOnlyRootFilesystem true on every container$/);
    expect(findings(READ_ONLY_ROOT_FILESYSTEM, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'error' });
  });

  it('Noncompliance 2: an init container without the setting is a warning for low risk', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', risk: 'low', initContainers: [{ name: 'migrate', image: 'x' }] });
    expect(violations(check(READ_ONLY_ROOT_FILESYSTEM, yaml))[0].message).toMatch(/init container "migrate" \(readOnlyRootFilesystem unset\)/);
    expect(findings(READ_ONLY_ROOT_FILESYSTEM, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'warning' });
  });

  it('Noncompliance 3: a recorded writable-root-filesystem exception becomes the justification', () => {
    const yaml = namespace('shop') + deployment({ name: 'legacy', risk: 'medium', securityContext: WRITABLE,
      annotations: { 'mesh.cdk8s.io/hardening-exception.writable-root-filesystem': 'writes its cache under /var/lib/legacy' } });
    expect(violations(check(READ_ONLY_ROOT_FILESYSTEM, yaml))[0].justification).toBe('writes its cache under /var/lib/legacy');
    expect(findings(READ_ONLY_ROOT_FILESYSTEM, yaml)[0]).toMatchObject({ status: 'suppressed', suppressedBy: 'exception' });
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(READ_ONLY_ROOT_FILESYSTEM, namespace('shop'))).toEqual([]);
  });
});
