// SPDX-License-Identifier: Apache-2.0
import { entriesOf, telemetries } from './telemetry-helpers';
import { objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** SM-DR22a: access-log filters keep the irregular (error) requests. */
export const LOG_IRREGULAR_REQUESTS: MeshRule = {
  id: 'MESH-TEL-02',
  title: 'Access-log filters keep irregular requests (filters select on the response code)',
  rationale: 'Logging only a sample of requests is acceptable when metrics cover the rest, but the requests that matter for detection '
    + 'are the irregular ones: rejected, failed or malformed. This is a heuristic: a filter that does not look at `response.code` '
    + 'cannot be shown to keep 4xx and 5xx responses, and one that keeps only codes below 400 drops exactly them.',
  fix: 'the SDK\'s mesh-wide Telemetry sets no filter (every request is logged); outside the SDK write the Telemetry\'s '
    + '`accessLogging[].filter.expression` so that it keeps error responses, e.g. `response.code >= 400`',
  severity: 'warning',
  recommendations: ['SM-DR22a'],
  controls: ['AU-2'],
  target: 'manifest',
  check({ inventory }) {
    return telemetries(inventory).flatMap((t): Outcome[] => {
      const filters = entriesOf(t, 'accessLogging').filter((e) => e.disabled !== true)
        .map((e) => objectOf(e.filter).expression).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
      if (filters.length === 0) return [];
      const name = `Telemetry ${t.ref.namespace}/${t.ref.name}`;
      const blind = filters.find((f) => !/\bresponse\.code\b/.test(f));
      if (blind !== undefined) return [violation(t.ref, `${name} filters access logs with ${JSON.stringify(blind)}, which does not test response.code, so error responses may be dropped; expected a filter that keeps them, e.g. "response.code >= 400"`)];
      const successOnly = filters.find(keepsOnlySuccess);
      if (successOnly !== undefined) return [violation(t.ref, `${name} filters access logs with ${JSON.stringify(successOnly)}, which keeps only responses below 400; expected a filter that keeps 4xx and 5xx, e.g. "response.code >= 400"`)];
      return [compliant(t.ref, `${name} filters access logs on the response code: ${filters.map((f) => JSON.stringify(f)).join(', ')}`)];
    });
  },
};

/** `response.code < 400` / `<= 399` / `== 200` and the like, without an alternative (`||`). */
function keepsOnlySuccess(expression: string): boolean {
  if (expression.includes('||')) return false;
  for (const [, op, value] of expression.matchAll(/\bresponse\.code\s*(<=|<|==)\s*(\d+)/g)) {
    const n = Number(value);
    if ((op === '<' && n <= 400) || (op === '<=' && n < 400) || (op === '==' && n < 400)) return true;
  }
  return false;
}
