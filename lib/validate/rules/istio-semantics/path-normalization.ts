// SPDX-License-Identifier: Apache-2.0
import { describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { operationsOf, rulesOf, strings } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies, dryRunOf } from './semantics-helpers';

/** The normalization Istio applies when the mesh config sets none (`DEFAULT` is BASE). */
const DEFAULT_NORMALIZATION = 'BASE';
const RECOMMENDED = 'DECODE_AND_MERGE_SLASHES';

/**
 * istio-authz-semantics §b8 trap 18 (§b3, istio.io security best practices "Customize your system
 * on path normalization"): path rules match the normalized path without its query string.
 */
export const PATH_NORMALIZATION: MeshRule = {
  id: 'MESH-SEM-14',
  title: 'Path rules are written as normalized paths, and deny-style path rules run under DECODE_AND_MERGE_SLASHES',
  rationale: 'Policies compare `paths` with the path after the mesh\'s normalization and without its query string. A value with `?` or `#`, or '
    + 'one not starting with `/`, never matches. A DENY on `paths`, an ALLOW on `notPaths` or a CUSTOM on `paths` (which then skips the '
    + 'external authorizer) is bypassed by spellings the normalization leaves '
    + 'alone: `//admin` unless slashes are merged, `/%2Fadmin` unless encoded slashes are decoded, and Istio\'s default is BASE, which does '
    + 'neither (istio-authz-semantics §b3; Istio recommends DECODE_AND_MERGE_SLASHES).',
  fix: 'set `meshConfig.pathNormalization.normalization: DECODE_AND_MERGE_SLASHES` (the SDK\'s mesh config does) after checking the application '
    + 'reads paths the same way, prefer ALLOW rules on `paths` over DENY rules, and write paths without query strings, starting with `/`',
  severity: 'warning',
  recommendations: ['204B §5.1', 'APE-SR-2'],
  controls: ['AC-3', 'SI-10'],
  target: 'manifest',
  check({ inventory }) {
    const configured = objectOf(objectOf(inventory.meshConfig()).pathNormalization).normalization;
    const normalization = typeof configured === 'string' && configured !== '' && configured !== 'DEFAULT' ? configured : DEFAULT_NORMALIZATION;
    const source = typeof configured === 'string' ? `the mesh config sets ${configured}` : `Istio's default ${DEFAULT_NORMALIZATION} applies (no pathNormalization in the mesh config)`;
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const action = actionOf(p);
      const uses = rulesOf(p).flatMap((r, i) => operationsOf(r).flatMap((op) => ['paths', 'notPaths'].flatMap((field) => {
        const values = strings(op[field]);
        return values.length > 0 ? [{ i, field, values }] : [];
      })));
      if (uses.length === 0) continue;
      const where = `${action} ${describeRef(p.ref)}`;
      const malformed = uses.flatMap((u) => u.values.filter((v) => v.includes('?') || v.includes('#') || !(v.startsWith('/') || v.startsWith('*')))
        .map((v) => `rule ${u.i} ${u.field} ${JSON.stringify(v)}`));
      if (malformed.length > 0) {
        out.push(violation(p.ref, `${where} has ${malformed.join(', ')}, which never match a normalized path (no query string or fragment, leading /); expected paths such as /api/orders`, { severity: 'error' }));
        continue;
      }
      const bypassable = dryRunOf(p).dryRun ? [] : uses.filter((u) => ((action === 'DENY' || action === 'CUSTOM') && u.field === 'paths') || (action === 'ALLOW' && u.field === 'notPaths'));
      if (bypassable.length > 0 && normalization !== RECOMMENDED) {
        const list = bypassable.map((u) => `rule ${u.i} ${u.field} ${JSON.stringify(u.values)}`).join(', ');
        out.push(violation(p.ref, `${where} excludes paths by ${list}, but ${source}, so spellings like //x or /%2Fx of the same path escape it; expected ${RECOMMENDED}`));
        continue;
      }
      out.push(compliant(p.ref, bypassable.length > 0 ? `${where} excludes paths under ${normalization} normalization` : `${where} matches paths only in forms that fail closed (ALLOW paths, DENY notPaths)`));
    }
    return out;
  },
};
