// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { MESH_TELEMETRY, telemetry } from './telemetry-fixtures';
import { LOG_IRREGULAR_REQUESTS } from '../../../lib/validate/rules/telemetry/log-irregular-requests';
import { check, verdicts, violations } from '../harness';

const filtered = (expression: string) => telemetry('errors-only', 'shop', { accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression } }] });

describe('MESH-TEL-02: access-log filters keep irregular requests', () => {
  it('Compliance: a filter keeping 4xx and 5xx', () => {
    const out = check(LOG_IRREGULAR_REQUESTS, filtered('response.code >= 400 || connection.mtls == false'));
    expect(verdicts(out)).toEqual(['compliant Telemetry shop/errors-only']);
    expect(out[0].message).toMatch(/filters access logs on the response code/);
  });

  it('Noncompliance 1: a filter that does not look at the response code', () => {
    const [v] = violations(check(LOG_IRREGULAR_REQUESTS, filtered('request.url_path.startsWith("/api")')));
    expect(v.message).toMatch(/^Telemetry shop\/errors-only filters access logs with "request.url_path.startsWith\(\\"\/api\\"\)", which does not test response.code/);
  });

  it('Noncompliance 2: a filter keeping only successful responses', () => {
    const [v] = violations(check(LOG_IRREGULAR_REQUESTS, filtered('response.code < 400')));
    expect(v.message).toMatch(/with "response.code < 400", which keeps only responses below 400/);
  });

  it('NotApplicable: access logging without filters', () => {
    expect(check(LOG_IRREGULAR_REQUESTS, MESH_TELEMETRY)).toEqual([]);
  });
});
