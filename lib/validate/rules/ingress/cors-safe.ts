// SPDX-License-Identifier: Apache-2.0
import { type InventoryEntry, arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, specOf, strings } from '../authz/authz-helpers';
import { GATEWAY_API_GROUP, ISTIO_NETWORKING_GROUP } from './ingress-helpers';

const ANY_ORIGIN_REGEX = new Set(['.*', '^.*$', '.+', '^.+$', '(.*)', '^(.*)$']);

/** SP 800-204A SM-DR27: CORS is configured in the mesh, and never trusts every origin with credentials. */
export const CORS_SAFE: MeshRule = {
  id: 'MESH-ING-03',
  title: 'No CORS policy allows credentials from any origin',
  rationale: 'With credentials allowed for every origin, any web page a user visits can call the API with the user\'s cookies or tokens and '
    + 'read the answers, which turns every site on the internet into a cross-site request forgery and data-theft vector.',
  fix: 'list the trusted origins exactly (e.g. `https://shop.example.com`) in VirtualService `http[].corsPolicy.allowOrigins` (`exact` or an '
    + 'anchored `regex`) or in the HTTPRoute CORS filter\'s `cors.allowOrigins`, or set `allowCredentials: false`',
  severity: 'warning',
  recommendations: ['SM-DR27'],
  controls: ['AC-4', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    const fromVs = inventory.ofKind('VirtualService', ISTIO_NETWORKING_GROUP).flatMap((vs) => {
      const policies = arrayOf(specOf(vs).http).map(objectOf).map((h, i) => ({ where: `http[${i}]${typeof h.name === 'string' ? ` (${h.name})` : ''}`, cors: h.corsPolicy }))
        .filter((c) => c.cors !== undefined).map((c) => ({ where: c.where, cors: objectOf(c.cors) }));
      return policies.length ? [outcome(vs, policies.map((c) => ({ where: c.where, bad: c.cors.allowCredentials === true ? anyOriginVs(c.cors) : undefined })))] : [];
    });
    const fromRoutes = inventory.ofKind('HTTPRoute', GATEWAY_API_GROUP).flatMap((route) => {
      const filters = arrayOf(specOf(route).rules).map(objectOf).flatMap((r, i) => [
        ...arrayOf(r.filters).map((f) => ({ where: `rules[${i}]`, f: objectOf(f) })),
        ...arrayOf(r.backendRefs).map(objectOf).flatMap((b, j) => arrayOf(b.filters).map((f) => ({ where: `rules[${i}].backendRefs[${j}]`, f: objectOf(f) }))),
      ]).filter(({ f }) => f.type === 'CORS');
      return filters.length ? [outcome(route, filters.map(({ where, f }) => {
        const cors = objectOf(f.cors);
        return { where, bad: cors.allowCredentials === true && strings(cors.allowOrigins).includes('*') ? '"*"' : undefined };
      }))] : [];
    });
    return [...fromVs, ...fromRoutes];
  },
};

function outcome(e: InventoryEntry, policies: { where: string; bad?: string }[]): Outcome {
  const where = describeRef(e.ref);
  const bad = policies.filter((p) => p.bad !== undefined);
  if (bad.length === 0) return compliant(e.ref, `${where}: ${policies.length} CORS polic${policies.length === 1 ? 'y' : 'ies'}, none allowing credentials from any origin`);
  return violation(e.ref, `${where} allows credentials from any origin: ${bad.map((b) => `${b.where} allowOrigins ${b.bad}`).join('; ')}; expected the trusted origins listed exactly, or allowCredentials false`);
}

/** The match-everything entry of a VirtualService corsPolicy's origins, as JSON; undefined when there is none. */
function anyOriginVs(cors: Json): string | undefined {
  const legacy = strings(cors.allowOrigin).find((o) => o === '*');
  if (legacy !== undefined) return JSON.stringify({ allowOrigin: legacy });
  const m = arrayOf(cors.allowOrigins).map(objectOf).find((o) => o.exact === '*' || o.prefix === '' || (typeof o.regex === 'string' && ANY_ORIGIN_REGEX.has(o.regex)));
  return m ? JSON.stringify(m) : undefined;
}
