// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { Mesh } from 'cdk8s-mesh';
import { ACCESS_LOG_FIELDS, CREDENTIAL_HEADERS, credentialLeaks } from '../../lib/compile/telemetry/access-log-format';
import { chart } from '../helpers';

/** The labels of the access-log provider as the mesh config carries them. */
function renderedLabels(): Record<string, string> {
  const mesh = new Mesh(chart(), 'mesh');
  const provider = mesh.meshConfig.extensionProviders.find((p: any) => p.name === 'cdk8s-mesh-access-log');
  return provider.envoyFileAccessLog.logFormat.labels;
}

describe('access-log format', () => {
  it('is an explicit JSON format on stdout (envoyFileAccessLog.logFormat.labels)', () => {
    const mesh = new Mesh(chart(), 'mesh');
    const provider = mesh.meshConfig.extensionProviders.find((p: any) => p.name === 'cdk8s-mesh-access-log');
    expect(Object.keys(provider)).toEqual(['name', 'envoyFileAccessLog']);
    expect(provider.envoyFileAccessLog.path).toBe('/dev/stdout');
    expect(Object.keys(provider.envoyFileAccessLog.logFormat)).toEqual(['labels']);
    expect(renderedLabels()).toEqual(ACCESS_LOG_FIELDS);
  });

  it('never reads the Authorization header, cookies or other credential headers', () => {
    const text = JSON.stringify(renderedLabels()).toUpperCase();
    for (const header of CREDENTIAL_HEADERS) expect(text).not.toContain(header.toUpperCase());
    expect(text).not.toMatch(/AUTHORIZATION|COOKIE|X-API-KEY|TOKEN/);
    expect(credentialLeaks(renderedLabels())).toEqual([]);
  });

  it('logs the path without its query string (tokens in URLs)', () => {
    const labels = renderedLabels();
    expect(labels.path).toBe('%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%');
    const rawPath = Object.values(labels).filter((v) => /%REQ\((X-ENVOY-ORIGINAL-PATH|:PATH)/i.test(v));
    expect(rawPath).toEqual([]);
  });

  it('has stable keys for identity, request, outcome and routing (SM-DR22b)', () => {
    expect(renderedLabels()).toMatchObject({
      start_time: '%START_TIME%',
      downstream_peer_uri_san: '%DOWNSTREAM_PEER_URI_SAN%',
      upstream_peer_uri_san: '%UPSTREAM_PEER_URI_SAN%',
      request_id: '%REQ(X-REQUEST-ID)%',
      trace_id: '%TRACE_ID%',
      method: '%REQ(:METHOD)%',
      authority: '%REQ(:AUTHORITY)%',
      response_code: '%RESPONSE_CODE%',
      response_flags: '%RESPONSE_FLAGS%',
      response_code_details: '%RESPONSE_CODE_DETAILS%',
      route_name: '%ROUTE_NAME%',
      upstream_cluster: '%UPSTREAM_CLUSTER_RAW%',
      upstream_host: '%UPSTREAM_HOST%',
      downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
      duration: '%DURATION%',
    });
    expect(Object.keys(ACCESS_LOG_FIELDS)).toHaveLength(27);
  });

  it('uses snake_case keys and one command operator per value', () => {
    for (const [key, value] of Object.entries(ACCESS_LOG_FIELDS)) {
      expect(key).toMatch(/^[a-z][a-z_]*[a-z]$/);
      expect(value).toMatch(/^%[A-Z_]+(\([^)]*\))?%$/);
    }
  });

  describe('credentialLeaks', () => {
    it.each([
      [{ auth: '%REQ(AUTHORIZATION)%' }, ['auth: %REQ(AUTHORIZATION)%']],
      [{ auth: '%REQ(authorization):40%' }, ['auth: %REQ(authorization):40%']],
      [{ c: '%REQ(X-CUSTOM?COOKIE)%' }, ['c: %REQ(X-CUSTOM?COOKIE)%']],
      [{ c: '%RESP(SET-COOKIE)%' }, ['c: %RESP(SET-COOKIE)%']],
      [{ p: '%REQ(PROXY-AUTHORIZATION)%' }, ['p: %REQ(PROXY-AUTHORIZATION)%']],
      [{ k: 'key=%REQ(X-API-KEY)%' }, ['k: key=%REQ(X-API-KEY)%']],
      [{ path: '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%' }, ['path: %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% (query string)']],
      [{ path: '%REQ(:PATH)%' }, ['path: %REQ(:PATH)% (query string)']],
    ])('finds %j', (format, leaks) => {
      expect(credentialLeaks(format)).toEqual(leaks);
    });

    it.each([
      [{ path: '%REQ_WITHOUT_QUERY(:PATH)%' }],
      [{ ua: '%REQ(USER-AGENT)%', authority: '%REQ(:AUTHORITY)%' }],
      [{ meta: '%DYNAMIC_METADATA(envoy.filters.http.rbac:shadow_engine_result)%' }],
    ])('accepts %j', (format) => {
      expect(credentialLeaks(format)).toEqual([]);
    });
  });
});
