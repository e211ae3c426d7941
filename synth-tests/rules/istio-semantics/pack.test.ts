// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS, PACKS } from '../../../lib/validate/packs';
import { ALL_RULES } from '../../../lib/validate/rules';
import { ISTIO_SEMANTICS_RULES } from '../../../lib/validate/rules/istio-semantics';
import { check } from '../harness';

describe('istio-semantics pack', () => {
  // A pack never gets stricter within its version: changing this list means istio-semantics@2.
  it('pins the rules of istio-semantics@1: one MESH-SEM rule per decidable §b8 trap, plus the rules that covered traps before', () => {
    const pack = PACKS['istio-semantics'];
    expect(pack.version).toBe('1');
    expect(pack.rules.map((r) => r.id)).toEqual([
      'MESH-EU-02', 'MESH-MODEL-02', 'MESH-MODEL-03',
      ...Array.from({ length: 19 }, (_, i) => `MESH-SEM-${String(i + 1).padStart(2, '0')}`),
    ]);
    expect(pack.rules.every((r) => r.severity === undefined)).toBe(true);
  });

  it('holds every rule of the istio-semantics area, in id order, and runs by default (synth catches the traps too)', () => {
    const ids = ISTIO_SEMANTICS_RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ALL_RULES.filter((r) => r.id.startsWith('MESH-SEM-')).map((r) => r.id)).toEqual(ids);
    expect(DEFAULT_PACKS).toContain(PACKS['istio-semantics']);
  });

  it('cites the specification section and a NIST recommendation in every rule', () => {
    for (const r of ISTIO_SEMANTICS_RULES) {
      expect(r.rationale, r.id).toMatch(/istio-authz-semantics §b\d/);
      expect(r.recommendations.length, r.id).toBeGreaterThan(0);
    }
  });

  it('never throws on odd YAML', () => {
    const odd = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: a, namespace: x, annotations: { istio.io/dry-run: 7 } }
spec: { action: 3, rules: "all", targetRefs: 5, selector: [] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: b, namespace: x }
spec:
  provider: "opa"
  targetRef: { kind: [], name: {} }
  rules: [null, 1, { from: [null, { source: 4 }], to: [{ operation: { ports: [null, x], methods: [1], paths: [{}] } }], when: [{ key: 2 }, null] }]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: c, namespace: x }
spec: { selector: { matchLabels: 1 }, mtls: 5, portLevelMtls: { "x": null, "80": 3 } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: istio-system }
data: { mesh: "trustDomainAliases: 5\\npathNormalization: 2\\ndefaultConfig: [1]" }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: d, namespace: x }
spec: { template: { metadata: { labels: [] }, spec: { containers: 5 } } }
---
apiVersion: v1
kind: Service
metadata: { name: d, namespace: x }
spec: { selector: { app: d }, ports: [{ name: 5, port: "x", targetPort: {} }, null] }
`;
    for (const rule of ISTIO_SEMANTICS_RULES) expect(() => check(rule, odd), rule.id).not.toThrow();
  });
});
