// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace } from './fixtures';
import { findings } from './rule-findings';
import { SHORT_LIVED_CERTIFICATES } from '../../../lib/validate/rules/mtls/short-lived-certificates';
import { check, verdicts, violations } from '../harness';

const app = (risk: string): string => namespace('shop') + deployment({ name: 'cart', risk }) + deployment({ name: 'web', risk: 'low' });

/** The SDK's shared mesh config ConfigMap with the given proxyMetadata. */
function sharedMeshConfig(secretTtl: string): string {
  return `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cdk8s-mesh-config
  namespace: istio-system
  annotations: { mesh.cdk8s.io/istiod-env: SHARED_MESH_CONFIG=cdk8s-mesh-config }
data:
  mesh: |
    defaultConfig:
      proxyMetadata:
        SECRET_TTL: "${secretTtl}"
`;
}

function proxyConfig(secretTtl: string, extra = ''): string {
  return `---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: { name: mesh, namespace: istio-system }
spec: { ${extra}environmentVariables: { SECRET_TTL: "${secretTtl}" } }
`;
}

describe('MESH-MTLS-05: workload certificates live at most 24h, and at most 4h for high risk', () => {
  it('Compliance 1: SECRET_TTL 1h in the shared mesh config, high risk', () => {
    const out = check(SHORT_LIVED_CERTIFICATES, app('high') + sharedMeshConfig('1h'));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/cdk8s-mesh-config']);
    expect(out[0]).toMatchObject({ risk: 'high' });
    expect(out[0].message).toMatch(/^workload certificate lifetime 1h \(SECRET_TTL "1h" of ConfigMap istio-system\/cdk8s-mesh-config .*\) is at most 4h/);
  });

  it('Compliance 2: Istio\'s 24h default is enough for medium risk', () => {
    const out = check(SHORT_LIVED_CERTIFICATES, app('medium'));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/istio']);
    expect(out[0].message).toMatch(/lifetime 24h \(Istio's default/);
  });

  it('Noncompliance 1: the 24h default with a high-risk workload is an error', () => {
    const yaml = app('high');
    const [v] = violations(check(SHORT_LIVED_CERTIFICATES, yaml));
    expect(v.subject).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'istio', namespace: 'istio-system' });
    expect(v.message).toMatch(/^workload certificate lifetime 24h \(Istio's default: SECRET_TTL is set neither .*\) exceeds the bound; expected at most 4h for a mesh whose riskiest workload is high risk$/);
    expect(findings(SHORT_LIVED_CERTIFICATES, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'error', risk: 'high' });
  });

  it('Noncompliance 2: 48h is a warning for medium risk', () => {
    const yaml = app('medium') + sharedMeshConfig('48h');
    expect(violations(check(SHORT_LIVED_CERTIFICATES, yaml))[0].message).toMatch(/lifetime 48h .* expected at most 24h/);
    expect(findings(SHORT_LIVED_CERTIFICATES, yaml)[0]).toMatchObject({ status: 'non-compliant', severity: 'warning', risk: 'medium' });
  });

  it('Noncompliance 3: a root ProxyConfig overrides the mesh config', () => {
    const [v] = violations(check(SHORT_LIVED_CERTIFICATES, app('high') + sharedMeshConfig('1h') + proxyConfig('5h0m0s')));
    expect(v.subject).toMatchObject({ kind: 'ProxyConfig', name: 'mesh', namespace: 'istio-system' });
    expect(v.message).toMatch(/lifetime 5h \(SECRET_TTL "5h0m0s" of ProxyConfig istio-system\/mesh \(spec.environmentVariables\)\)/);
  });

  it('Noncompliance 4: a SECRET_TTL that is not a duration', () => {
    const [v] = violations(check(SHORT_LIVED_CERTIFICATES, app('medium') + sharedMeshConfig('one day')));
    expect(v.message).toMatch(/cannot be read from SECRET_TTL "one day" of ConfigMap istio-system\/cdk8s-mesh-config/);
  });

  it('ignores ProxyConfigs with a selector', () => {
    const out = check(SHORT_LIVED_CERTIFICATES, app('high') + sharedMeshConfig('90m') + proxyConfig('48h', 'selector: { matchLabels: { app: web } }, '));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/cdk8s-mesh-config']);
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(SHORT_LIVED_CERTIFICATES, sharedMeshConfig('48h'))).toEqual([]);
  });
});
