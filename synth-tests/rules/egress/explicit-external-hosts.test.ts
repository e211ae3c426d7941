// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { expectCorpusErrors, meshConfig, object } from './fixtures';
import { EXPLICIT_EXTERNAL_HOSTS } from '../../../lib/validate/rules/egress/explicit-external-hosts';
import { check, checkCorpus, verdicts, violations } from '../harness';

const entry = (spec: Record<string, unknown>) => object('networking.istio.io/v1', 'ServiceEntry', 'api', 'shop', {
  hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }], resolution: 'DNS', ...spec,
});

describe('MESH-EGRESS-03: ServiceEntries of external services name exact hosts and are visible only where they are called', () => {
  it('Compliance: the valid corpus', () => {
    const out = checkCorpus(EXPLICIT_EXTERNAL_HOSTS, 'MESH-EGRESS-03-valid.yaml');
    expect(verdicts(out)).toEqual(['compliant ServiceEntry bank-egress/card-network', 'compliant ServiceEntry shop/geo']);
    expect(out[0].message).toMatch(/names the exact hosts \["api.cardnetwork.example"\] and is exported to \["bank-core","bank-egress"\]/);
  });

  it('Compliance: no exportTo, but the mesh config\'s defaultServiceExportTo keeps entries local', () => {
    const out = check(EXPLICIT_EXTERNAL_HOSTS, entry({}) + meshConfig({ defaultServiceExportTo: ['.'] }));
    expect(verdicts(out)).toEqual(['compliant ServiceEntry shop/api']);
    expect(out[0].message).toMatch(/exported to \["\."\] by the mesh config's defaultServiceExportTo/);
  });

  it('Noncompliance 1–3: wildcard hosts, no exportTo, exportTo "*" (the invalid corpus)', () => {
    expectCorpusErrors(EXPLICIT_EXTERNAL_HOSTS, 'MESH-EGRESS-03-invalid.yaml');
  });

  it('Noncompliance 4: a mesh-wide defaultServiceExportTo of "*" does not scope an entry without exportTo', () => {
    const [v] = violations(check(EXPLICIT_EXTERNAL_HOSTS, entry({}) + meshConfig({ defaultServiceExportTo: ['*'] })));
    expect(v.message).toMatch(/ServiceEntry shop\/api has no exportTo/);
  });

  it('NotApplicable: only mesh-internal entries', () => {
    expect(check(EXPLICIT_EXTERNAL_HOSTS, entry({ location: 'MESH_INTERNAL', hosts: ['*'] }))).toEqual([]);
  });
});
