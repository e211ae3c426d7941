// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { GOOD_FORMAT, MESH_TELEMETRY, fileAccessLog, sharedMeshConfig, telemetry } from './telemetry-fixtures';
import { LOG_FORMAT } from '../../../lib/validate/rules/telemetry/log-format';
import { SIDECAR, deployment, meshConfig, namespace } from '../egress/fixtures';
import { check, verdicts, violations } from '../harness';

const app = namespace('shop') + deployment('cart', 'shop', SIDECAR);
const withFormat = (labels: Record<string, string> | undefined) => app + MESH_TELEMETRY + sharedMeshConfig({ extensionProviders: [fileAccessLog('cdk8s-mesh-access-log', labels)] });

describe('MESH-TEL-03: the mesh access-log format records time, peer identity, request id and path, and no credentials', () => {
  it('Compliance: the SDK-style JSON format', () => {
    const out = check(LOG_FORMAT, withFormat(GOOD_FORMAT));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/cdk8s-mesh-config']);
    expect(out[0].message).toMatch(/provider "cdk8s-mesh-access-log" of ConfigMap istio-system\/cdk8s-mesh-config records the start time, the peer identity/);
  });

  it('Compliance: the built-in envoy provider with a complete accessLogFormat', () => {
    const text = '[%START_TIME%] %DOWNSTREAM_PEER_URI_SAN% %TRACE_ID% "%REQ(:METHOD)% %REQ(:PATH)%" %RESPONSE_CODE%\n';
    const out = check(LOG_FORMAT, app + meshConfig({ accessLogFile: '/dev/stdout', accessLogFormat: text }));
    expect(verdicts(out)).toEqual(['compliant ConfigMap istio-system/istio']);
  });

  it('Noncompliance 1: a format that logs the Authorization header', () => {
    const [v] = violations(check(LOG_FORMAT, withFormat({ ...GOOD_FORMAT, auth: '%REQ(authorization)%' })));
    expect(v.message).toMatch(/provider "cdk8s-mesh-access-log" of ConfigMap istio-system\/cdk8s-mesh-config logs credentials with \["%REQ\(authorization\)%"\]/);
  });

  it('Noncompliance 2: a format without the peer identity and the request id', () => {
    const { downstream_peer_uri_san: _p, request_id: _r, ...rest } = GOOD_FORMAT;
    const [v] = violations(check(LOG_FORMAT, withFormat(rest)));
    expect(v.message).toMatch(/has a log format without the peer identity \(%DOWNSTREAM_PEER_URI_SAN%\), a request or trace id/);
  });

  it('Noncompliance 3: a provider without logFormat writes Istio\'s default format', () => {
    const [v] = violations(check(LOG_FORMAT, withFormat(undefined)));
    expect(v.message).toMatch(/sets no logFormat and so writes Istio's default format, which records no peer identity/);
  });

  it('Noncompliance 4: the built-in envoy provider with the default format', () => {
    const yaml = app + telemetry('mesh-default', 'istio-system', { accessLogging: [{ providers: [{ name: 'envoy' }] }] });
    const [v] = violations(check(LOG_FORMAT, yaml));
    expect(v.subject).toMatchObject({ kind: 'Telemetry', name: 'mesh-default' });
    expect(v.message).toMatch(/logs through Istio's built-in "envoy" provider with its default format, which records no peer identity/);
  });

  it('NotApplicable: no application workloads, or access logging off', () => {
    expect(check(LOG_FORMAT, MESH_TELEMETRY + sharedMeshConfig({ extensionProviders: [fileAccessLog('cdk8s-mesh-access-log', undefined)] }))).toEqual([]);
    expect(check(LOG_FORMAT, app + telemetry('mesh-default', 'istio-system', { accessLogging: [{ disabled: true }] }))).toEqual([]);
  });
});
