// SPDX-License-Identifier: Apache-2.0
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFindings, sortFindings } from '../../lib/validate/engine';
import type { Finding } from '../../lib/validate/report';

// few distinct values, so findings often tie on every field but one
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', 'a', 'ab', 'b', 'B', 'é', 'a b') }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }).filter((s) => !s.includes('\u0000')) });
const finding: fc.Arbitrary<Finding> = fc.record({
  ruleId: fc.constantFrom('MESH-A-01', 'MESH-A-02', 'MESH-B-01'),
  status: fc.constantFrom('non-compliant', 'suppressed', 'compliant'),
  severity: fc.constantFrom('error', 'warning', 'info'),
  message: text,
  risk: fc.constantFrom('low', 'medium', 'high'),
  subject: fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constantFrom('Service', 'ServiceAccount', 'Deployment'),
    name: text,
    namespace: fc.option(text, { nil: undefined }),
    file: fc.option(fc.constantFrom('a.yaml', 'a.yaml.bak'), { nil: undefined }),
    line: fc.option(fc.constantFrom(1, 2, 10, 100000), { nil: undefined }),
  }, { requiredKeys: ['apiVersion', 'kind', 'name'] }),
}) as fc.Arbitrary<Finding>;

describe('the order of findings in reports', () => {
  it('is the order compareFindings defines, for any findings', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
      const sorted = [...findings];
      sortFindings(sorted);
      const expected = [...findings].sort(compareFindings);
      for (let i = 0; i < sorted.length; i++) expect(compareFindings(sorted[i], expected[i])).toBe(0);
    }), { numRuns: 500 });
  });
});
