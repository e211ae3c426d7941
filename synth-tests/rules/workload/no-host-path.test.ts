// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace } from '../mtls/fixtures';
import { NO_HOST_PATH } from '../../../lib/validate/rules/workload/no-host-path';
import { check, verdicts, violations } from '../harness';

describe('MESH-WL-02: application workloads mount no hostPath volumes', () => {
  it('Compliance: an emptyDir only', () => {
    const out = check(NO_HOST_PATH, namespace('shop') + deployment({ name: 'cart', volumes: [{ name: 'tmp', emptyDir: {} }] }));
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: a hostPath volume', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] });
    const [v] = violations(check(NO_HOST_PATH, yaml));
    expect(v.message).toMatch(/^Deployment shop\/cart mounts hostPath volume\(s\) "docker" \(path "\/var\/run\/docker.sock"\); expected no hostPath volumes$/);
  });

  it('Noncompliance 2: a bare Pod with a hostPath', () => {
    const yaml = `${namespace('shop')}---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop }
spec: { containers: [{ name: c, image: x }], volumes: [{ name: root, hostPath: { path: / } }] }
`;
    expect(verdicts(check(NO_HOST_PATH, yaml))).toEqual(['non-compliant Pod shop/debug']);
  });

  it('NotApplicable: node agents in the root namespace are exempt', () => {
    const yaml = deployment({ name: 'istio-cni', namespace: 'istio-system', volumes: [{ name: 'cni', hostPath: { path: '/opt/cni/bin' } }] });
    expect(check(NO_HOST_PATH, yaml)).toEqual([]);
  });
});
