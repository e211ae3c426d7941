// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace } from '../mtls/fixtures';
import { findings } from '../mtls/rule-findings';
import { PROXY_RESOURCE_LIMITS } from '../../../lib/validate/rules/workload/proxy-resource-limits';
import { check, verdicts, violations } from '../harness';

describe('MESH-WL-08: sidecar proxies of application workloads have CPU and memory limits', () => {
  it('Compliance: both annotations on the pod template', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', podAnnotations: { 'sidecar.istio.io/proxyCPULimit': '500m', 'sidecar.istio.io/proxyMemoryLimit': '256Mi' } });
    const out = check(PROXY_RESOURCE_LIMITS, yaml);
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/cpu 500m and memory 256Mi/);
  });

  it('Noncompliance 1: no limits is an informational note, whatever the risk', () => {
    const yaml = namespace('shop') + deployment({ name: 'cart', risk: 'high' });
    const [v] = violations(check(PROXY_RESOURCE_LIMITS, yaml));
    expect(v.message).toMatch(/^Deployment shop\/cart: pod template has no sidecar.istio.io\/proxyCPULimit or sidecar.istio.io\/proxyMemoryLimit annotation; expected both, unless the Istio installation sets global.proxy.resources.limits/);
    expect(findings(PROXY_RESOURCE_LIMITS, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'info' });
  });

  it('Noncompliance 2: only the CPU limit', () => {
    const [v] = violations(check(PROXY_RESOURCE_LIMITS, namespace('shop') + deployment({ name: 'cart', podAnnotations: { 'sidecar.istio.io/proxyCPULimit': '1' } })));
    expect(v.message).toMatch(/has no sidecar.istio.io\/proxyMemoryLimit annotation/);
  });

  it('NotApplicable: ambient and proxyless workloads have no sidecar', () => {
    expect(check(PROXY_RESOURCE_LIMITS, namespace('shop', 'ambient') + deployment({ name: 'cart' }))).toEqual([]);
    expect(check(PROXY_RESOURCE_LIMITS, namespace('shop') + deployment({ name: 'cart', podAnnotations: { 'inject.istio.io/templates': 'grpc-agent' } }))).toEqual([]);
  });
});
