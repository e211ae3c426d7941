// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, operationsOf, rulesOf, sourcesOf, strings } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies, selectorAttachments } from './semantics-helpers';

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'requestPrincipals', 'notRequestPrincipals', 'trustDomains', 'notTrustDomains'];
const OPERATION_FIELDS = ['hosts', 'notHosts', 'paths', 'notPaths', 'methods', 'notMethods'];
/** `when` keys whose values are addresses or ports, never string patterns. */
const NON_STRING_KEYS = new Set(['source.ip', 'remote.ip', 'destination.ip', 'destination.port']);

/** One value with `*` used as a glob Istio does not support. */
interface Glob {
  readonly where: string;
  readonly value: string;
  /** `namespaces` values: a glob on sidecars and waypoints, exact/prefix/suffix only at ztunnel. */
  readonly namespace: boolean;
}

/**
 * istio-authz-semantics §b8 trap 14 (§b3, matcher/string.go `StringMatcherWithPrefix`, ambient
 * `stringToMatch`): `*` works only as the whole value, a prefix or a suffix; `namespaces` is the
 * exception on Envoy (a regex) but not at ztunnel.
 */
export const WILDCARDS_SUPPORTED: MeshRule = {
  id: 'MESH-SEM-10',
  title: 'Policy values use `*` only as the whole value, a prefix or a suffix',
  rationale: 'Istio turns `*` into "any non-empty value", `x*` into a prefix and `*x` into a suffix match; any other `*` is matched literally, so '
    + '`paths: [/api/*/items]` or `principals: [cluster.local/ns/*/sa/web]` never match (an ALLOW admits nothing, a DENY denies nothing). '
    + '`namespaces` is the exception on sidecars and waypoints, which compile it to a regex, but ztunnel only knows exact, prefix and suffix, so '
    + '`namespaces: [team-*-prod]` behaves differently in ambient (istio-authz-semantics §b3).',
  fix: 'use one leading or trailing `*` (`/api/*`, `*.example.com`), a path template (`/api/{*}/items`, `/static/{**}`), or list the values; '
    + 'for namespaces reached by ztunnel, list them or use a prefix or suffix; the SDK\'s `AttributeMatch` only renders supported forms',
  severity: 'error',
  recommendations: ['APE-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const rules = rulesOf(p);
      const starred = rules.some((r) => valuesOf(r).some((v) => v.value.includes('*')));
      if (!starred) continue;
      const globs = rules.flatMap((r, i) => valuesOf(r).filter((v) => unsupported(v.value, v.path)).map((v) => ({ ...v, where: `rule ${i} ${v.where}` })));
      const where = `${actionOf(p)} ${describeRef(p.ref)}`;
      if (globs.length === 0) {
        out.push(compliant(p.ref, `${where} uses * only as a whole value, prefix or suffix`));
        continue;
      }
      const ztunnel = selectorAttachments(inventory, p).some((a) => a.kind === 'ztunnel');
      const literal = globs.filter((g) => !g.namespace || ztunnel);
      const effect = actionOf(p) === 'DENY' ? 'denies nothing for them' : 'never admits through them';
      if (literal.length > 0) {
        const list = literal.map((g) => `${g.where} ${JSON.stringify(g.value)}${g.namespace ? ' (at ztunnel)' : ''}`).join(', ');
        out.push(violation(p.ref, `${where} matches ${list} literally, since Istio supports * only as the whole value, a prefix or a suffix, so the policy ${effect}; expected a prefix, suffix, path template or the values listed`));
      } else {
        const list = globs.map((g) => `${g.where} ${JSON.stringify(g.value)}`).join(', ');
        out.push(violation(p.ref, `${where} uses ${list}, a glob sidecars and waypoints support but ztunnel matches literally, so the policy changes meaning if its workloads move to ambient; expected a prefix, a suffix or the namespaces listed`, { severity: 'warning' }));
      }
    }
    return out;
  },
};

/** The string values of a rule that Istio matches as patterns, with where they sit. */
function valuesOf(rule: Json): (Glob & { path: boolean })[] {
  const out: (Glob & { path: boolean })[] = [];
  sourcesOf(rule).forEach((src, j) => {
    for (const f of SOURCE_FIELDS) for (const value of strings(src[f])) out.push({ where: `from[${j}].source.${f}`, value, namespace: f === 'namespaces' || f === 'notNamespaces', path: false });
  });
  operationsOf(rule).forEach((op, j) => {
    for (const f of OPERATION_FIELDS) for (const value of strings(op[f])) out.push({ where: `to[${j}].operation.${f}`, value, namespace: false, path: f === 'paths' || f === 'notPaths' });
  });
  for (const c of arrayOf(rule.when).map(objectOf)) {
    const key = String(c.key ?? '');
    if (NON_STRING_KEYS.has(key)) continue;
    for (const field of ['values', 'notValues']) {
      for (const value of strings(c[field])) out.push({ where: `when ${key} ${field}`, value, namespace: key === 'source.namespace', path: false });
    }
  }
  return out;
}

/** Whether `*` appears other than as the whole value, one leading or one trailing star (path templates `{*}`/`{**}` excepted). */
function unsupported(value: string, path: boolean): boolean {
  if (!value.includes('*') || value === '*') return false;
  if (path && /\{\*\*?\}/.test(value)) return false;
  const stars = value.split('*').length - 1;
  return stars > 1 || !(value.startsWith('*') || value.endsWith('*'));
}
