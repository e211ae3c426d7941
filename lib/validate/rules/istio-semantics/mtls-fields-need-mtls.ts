// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, rulesOf, sourcesOf } from '../authz/authz-helpers';
import { exposedOn, plaintextExposure } from './peer-authentication';
import { MTLS_SOURCE_FIELDS, MTLS_WHEN_KEYS, actionOf, authorizationPolicies, dryRunOf, nameOf, rulePorts, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 4 (§b3, ISTIO-SECURITY-2021-004, Kiali KIA0105): with no peer
 * certificate, positive identity fields never match and their `not*` forms always match.
 */
export const MTLS_FIELDS_NEED_MTLS: MeshRule = {
  id: 'MESH-SEM-03',
  title: 'Policies that match on peer identity apply only where the workload requires mTLS',
  rationale: '`principals`, `namespaces`, `serviceAccounts`, `trustDomains` and the `source.principal`/`source.namespace` conditions read the '
    + 'peer certificate. A workload whose PeerAuthentication resolves to PERMISSIVE or DISABLE also accepts plaintext, and for a plaintext peer '
    + 'the positive fields never match while the `not*` forms always match (ISTIO-SECURITY-2021-004): `ALLOW from notNamespaces: [foo]` admits '
    + 'plaintext traffic from foo, and `DENY from namespaces: [foo]` lets it through (istio-authz-semantics §b3, §b5).',
  fix: 'keep the mesh-wide STRICT PeerAuthentication the SDK emits (`Mesh` default) and remove PERMISSIVE/DISABLE overrides for workloads whose '
    + 'policies match on identity; while migrating, write DENY rules with negative identity fields (`notPrincipals`) and ALLOW rules with '
    + 'positive ones only, which fail closed for plaintext peers',
  severity: 'error',
  recommendations: ['SAUN-SR-1', 'SAUZ-SR-1'],
  controls: ['AC-3', 'IA-3', 'SC-8'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const action = actionOf(p);
      if ((action !== 'ALLOW' && action !== 'DENY') || dryRunOf(p).dryRun) continue;
      const uses = rulesOf(p).map((r, i) => ({ i, r, use: identityUse(r) })).filter((x) => x.use.positive.length + x.use.negative.length > 0);
      if (uses.length === 0) continue;
      const attached = selectorAttachments(inventory, p).filter((a) => a.kind === 'sidecar' || a.kind === 'proxyless' || a.kind === 'ztunnel');
      if (attached.length === 0) continue;
      const where = `${action} ${describeRef(p.ref)}`;
      const errors: string[] = [];
      const warnings: string[] = [];
      for (const { i, r, use } of uses) {
        const ports = rulePorts(r);
        const exposed = attached.flatMap((a) => {
          const e = plaintextExposure(inventory, a.workload, a.kind);
          return e !== undefined && exposedOn(e, ports) ? [`${nameOf(a.workload)} (${e.why})`] : [];
        });
        if (exposed.length === 0) continue;
        const on = exposed.join(', ');
        if (action === 'ALLOW' && use.openToPlaintext.length > 0) {
          errors.push(`rule ${i} (${use.openToPlaintext.join(', ')}) admits plaintext peers of ${on}, since not* identity fields always match a peer without certificate`);
        } else if (action === 'DENY' && use.positive.length > 0) {
          errors.push(`rule ${i} (${use.positive.join(', ')}) never matches plaintext peers of ${on}, so they are not denied`);
        } else if (action === 'ALLOW' && use.positive.length > 0) {
          warnings.push(`rule ${i} (${use.positive.join(', ')}) never matches plaintext peers of ${on}, which are accepted by mTLS but denied here`);
        }
      }
      if (errors.length > 0) out.push(violation(p.ref, `${where} ${errors.join('; ')}; expected STRICT mTLS for the workload, or identity fields that fail closed`));
      else if (warnings.length > 0) out.push(violation(p.ref, `${where} ${warnings.join('; ')}; expected STRICT mTLS for the workload`, { severity: 'warning' }));
      else out.push(compliant(p.ref, `${where} matches on peer identity where ${attached.map((a) => nameOf(a.workload)).join(', ')} require mTLS, or fails closed for plaintext peers`));
    }
    return out;
  },
};

/** How a rule uses identity fields: positive ones, negative ones, and the negative ones no positive field guards (they admit plaintext). */
function identityUse(rule: Json): { positive: string[]; negative: string[]; openToPlaintext: string[] } {
  const positive = new Set<string>();
  const negative = new Set<string>();
  const open = new Set<string>();
  let whenBlocks = false;
  const whenNegative: string[] = [];
  for (const w of arrayOf(rule.when).map(objectOf)) {
    const key = String(w.key ?? '');
    if (!MTLS_WHEN_KEYS.has(key)) continue;
    if (arrayOf(w.values).length > 0) {
      positive.add(`when ${key}`);
      whenBlocks = true;
    }
    if (arrayOf(w.notValues).length > 0) {
      negative.add(`when ${key} notValues`);
      whenNegative.push(`when ${key} notValues`);
    }
  }
  const sources = sourcesOf(rule);
  for (const src of sources) {
    const pos = MTLS_SOURCE_FIELDS.filter((f) => !f.startsWith('not') && arrayOf(src[f]).length > 0).map((f) => `from.source.${f}`);
    const neg = MTLS_SOURCE_FIELDS.filter((f) => f.startsWith('not') && arrayOf(src[f]).length > 0).map((f) => `from.source.${f}`);
    pos.forEach((f) => positive.add(f));
    neg.forEach((f) => negative.add(f));
    if (pos.length === 0 && !whenBlocks) neg.forEach((f) => open.add(f));
  }
  // A `when` negative with no positive identity anywhere admits plaintext through every source without identity fields.
  const sourcesWithoutPositive = sources.length === 0 || sources.some((src) => MTLS_SOURCE_FIELDS.every((f) => f.startsWith('not') || arrayOf(src[f]).length === 0));
  if (!whenBlocks && sourcesWithoutPositive) whenNegative.forEach((f) => open.add(f));
  return { positive: [...positive].sort(), negative: [...negative].sort(), openToPlaintext: [...open].sort() };
}
