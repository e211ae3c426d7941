// SPDX-License-Identifier: Apache-2.0
/**
 * The condition texts of the access matrix: what a probe stands for, in the words of the rule
 * it was built from (`GET /cart/*`, `any method /api/* with jwt iss=… scope=pay`,
 * `any request from 10.0.0.0/8`). Patterns are shown as the policy writes them.
 */
import type { ValueMatch, WhenCondition } from './matrix-policy';

/** `<method> <path>` with their negations; undefined when the operation constrains neither. */
export function describeHead(method: string | undefined, methods: ValueMatch, path: string | undefined, paths: ValueMatch): string | undefined {
  const m = method ?? (methods.notValues.length > 0 ? `any method except ${methods.notValues.join('|')}` : undefined);
  const p = path !== undefined ? path + (paths.notValues.length > 0 ? ` except ${paths.notValues.join(', ')}` : '')
    : paths.notValues.length > 0 ? `any path except ${paths.notValues.join(', ')}` : undefined;
  if (m === undefined && p === undefined) return undefined;
  return `${m ?? 'any method'} ${p ?? 'any path'}`;
}

/** `host not …` for excluded hosts. */
export function describeHosts(hosts: ValueMatch): string[] {
  return hosts.notValues.length > 0 ? [`host not ${hosts.notValues.join('|')}`] : [];
}

/** `header <name>=<values>` per required header. */
export function describeHeaders(when: readonly WhenCondition[]): string[] {
  return when.filter((w) => w.key.startsWith('request.headers[')).map((w) => `header ${w.key.slice('request.headers['.length, -1).toLowerCase()}${describeValues(w)}`);
}

/** `<word> <blocks>` and `not <word> <blocks>`. */
export function describeAddresses(m: ValueMatch, word: string): string[] {
  return [...(m.values.length > 0 ? [`${word} ${m.values.join('|')}`] : []), ...(m.notValues.length > 0 ? [`not ${word} ${m.notValues.join('|')}`] : [])];
}

/** `when` keys the probe cannot express but a reader must see (`connection.sni`, `destination.ip`…). */
export function describeOther(when: readonly WhenCondition[]): string[] {
  const handled = /^(request\.|source\.(ip|principal|namespace)$|remote\.ip$|destination\.port$)/;
  return when.filter((w) => !handled.test(w.key)).map((w) => `when ${w.key}${describeValues(w)}`);
}

/** `with jwt iss=… sub=… aud=… <claim>=…`, or `with any jwt`. */
export function describeJwt(principal: string | undefined, when: readonly WhenCondition[]): string {
  const parts: string[] = [];
  const p = principal ?? when.find((w) => w.key === 'request.auth.principal')?.values[0];
  if (p !== undefined && p !== '*') {
    const slash = p.lastIndexOf('/');
    const iss = slash < 0 ? undefined : p.slice(0, slash);
    const sub = slash < 0 ? p : p.slice(slash + 1);
    if (iss !== undefined && iss !== '*') parts.push(`iss=${iss}`);
    if (sub !== '*') parts.push(`sub=${sub}`);
  }
  for (const w of when) {
    if (w.key === 'request.auth.audiences') parts.push(`aud${describeValues(w)}`);
    else if (w.key === 'request.auth.presenter') parts.push(`azp${describeValues(w)}`);
    else if (w.key.startsWith('request.auth.claims[')) parts.push(`${[...w.key.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]).join('.')}${describeValues(w)}`);
  }
  return parts.length === 0 ? 'with any jwt' : `with jwt ${parts.join(' ')}`;
}

/** `=a|b` and ` not c|d`. */
export function describeValues(m: ValueMatch): string {
  return `${m.values.length > 0 ? `=${m.values.join('|')}` : ''}${m.notValues.length > 0 ? ` not ${m.notValues.join('|')}` : ''}`;
}
