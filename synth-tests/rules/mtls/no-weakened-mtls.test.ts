// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { expectedErrors } from './corpus-errors';
import { NO_WEAKENED_MTLS } from '../../../lib/validate/rules/mtls/no-weakened-mtls';
import { check, checkCorpus, verdicts } from '../harness';

describe('MESH-MTLS-02: no PeerAuthentication lowers mTLS to PERMISSIVE or DISABLE', () => {
  it('Compliance: STRICT, UNSET and inherited modes (corpus)', () => {
    const out = checkCorpus(NO_WEAKENED_MTLS, 'MESH-MTLS-02-valid.yaml');
    expect(out).toHaveLength(4);
    expect(out.every((o) => o.compliant)).toBe(true);
    expect(out.find((o) => o.subject.name === 'payments')?.message).toMatch(/mtls.mode "STRICT" and 2 port-level mode\(s\) STRICT or UNSET/);
  });

  it('Noncompliance 1-4: policy-wide and port-level PERMISSIVE/DISABLE (corpus _err)', () => {
    const out = checkCorpus(NO_WEAKENED_MTLS, 'MESH-MTLS-02-invalid.yaml');
    const expected = expectedErrors('MESH-MTLS-02-invalid.yaml');
    expect(verdicts(out)).toEqual([...expected.keys()].map((k) => `non-compliant ${k}`).sort());
    for (const o of out) expect(o.message).toMatch(expected.get(`${o.subject.kind} ${o.subject.namespace}/${o.subject.name}`)!);
  });

  it('Noncompliance 5: modes are matched case-insensitively', () => {
    const out = check(NO_WEAKENED_MTLS, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: x, namespace: shop }\nspec: { mtls: { mode: permissive } }');
    expect(verdicts(out)).toEqual(['non-compliant PeerAuthentication shop/x']);
  });

  it('NotApplicable: no PeerAuthentication', () => {
    expect(check(NO_WEAKENED_MTLS, 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }')).toEqual([]);
  });
});
