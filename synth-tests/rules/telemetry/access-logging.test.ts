// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { MESH_TELEMETRY, telemetry } from './telemetry-fixtures';
import { ACCESS_LOGGING } from '../../../lib/validate/rules/telemetry/access-logging';
import { SIDECAR, deployment, meshConfig, namespace } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const app = (risk = 'high') => namespace('shop') + deployment('cart', 'shop', { ...SIDECAR, risk });
const filtered = telemetry('mesh-default', 'istio-system', { accessLogging: [{ providers: [{ name: 'cdk8s-mesh-access-log' }], filter: { expression: 'response.code >= 400' } }] });

describe('MESH-TEL-01: access logging is on for every proxy, unfiltered for high-risk workloads', () => {
  it('Compliance: the mesh-wide Telemetry logs through a provider', () => {
    const out = check(ACCESS_LOGGING, app() + MESH_TELEMETRY);
    expect(verdicts(out)).toEqual(['compliant Deployment shop/cart']);
    expect(out[0].message).toMatch(/mesh-wide Telemetry istio-system\/mesh-default logs the requests of shop\/cart through \["cdk8s-mesh-access-log"\]/);
  });

  it('Compliance: the mesh config\'s accessLogFile, without any Telemetry', () => {
    const out = check(ACCESS_LOGGING, app() + meshConfig({ accessLogFile: '/dev/stdout' }));
    expect(out[0].message).toMatch(/the mesh config logs the requests of shop\/cart through \["envoy"\]/);
  });

  it('Compliance: a filter is acceptable below high risk', () => {
    expect(verdicts(check(ACCESS_LOGGING, app('medium') + filtered))).toEqual(['compliant Deployment shop/cart']);
  });

  it('Noncompliance 1: no Telemetry and no mesh config logging', () => {
    const [v] = violations(check(ACCESS_LOGGING, app()));
    expect(v.message).toMatch(/^no Telemetry turns access logging on for shop\/cart and the mesh config sets no accessLogFile/);
    expect(ACCESS_LOGGING.severityByRisk).toEqual({ high: 'error' });
  });

  it('Noncompliance 2: a namespace Telemetry disables what the mesh-wide one turns on', () => {
    const off = telemetry('quiet', 'shop', { accessLogging: [{ disabled: true }] });
    const [v] = violations(check(ACCESS_LOGGING, app() + MESH_TELEMETRY + off));
    expect(v.justification).toBeUndefined();
    expect(v.message).toMatch(/^Telemetry shop\/quiet disables access logging for shop\/cart \(accessLogging \[\{"disabled":true\}\]\)/);
  });

  it('Noncompliance 3: the SDK\'s recorded exception is the justification', () => {
    const off = telemetry('mesh-default', 'istio-system', { accessLogging: [{ disabled: true }] }, { 'mesh.cdk8s.io/telemetry-exception.access-logging': 'logs are shipped by the node agent' });
    const [v] = violations(check(ACCESS_LOGGING, app() + off));
    expect(v.justification).toBe('logs are shipped by the node agent');
    expect(v.message).toMatch(/mesh-wide Telemetry istio-system\/mesh-default disables access logging for shop\/cart/);
  });

  it('Noncompliance 4: a filter on the access logging of a high-risk workload', () => {
    const [v] = violations(check(ACCESS_LOGGING, app('high') + filtered));
    expect(v.message).toMatch(/logs only the requests of high-risk shop\/cart that match the filter "response.code >= 400"; expected every request to be logged/);
  });

  it('Noncompliance 5: shared-node workloads get an informational note', () => {
    const yaml = namespace('shop') + deployment('cart', 'shop', { pod: { 'sidecar.istio.io/inject': 'false' } }) + MESH_TELEMETRY
      + '---\n{"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy","metadata":{"name":"cart","namespace":"shop"},"spec":{"endpointSelector":{"matchLabels":{"app":"cart"}}}}\n';
    const [v] = violations(check(ACCESS_LOGGING, yaml));
    expect(v.severity).toBe('info');
    expect(v.message).toMatch(/Cilium's node proxy/);
  });

  it('NotApplicable: no workload on a data plane', () => {
    expect(check(ACCESS_LOGGING, namespace('shop') + deployment('cart', 'shop') + MESH_TELEMETRY)).toEqual([]);
  });
});
