// SPDX-License-Identifier: Apache-2.0
import { certificateTtl, formatDuration } from './mtls-helpers';
import { RISK_ORDER } from '../../../analyze/inventory';
import type { RiskLevel } from '../../../model/mesh-model';
import { type MeshRule, compliant, violation } from '../../rule';

/** Longest accepted workload certificate lifetime by risk profile (SM-DR13: hours; a few hours for high risk). */
export const CERT_TTL_BOUND_MS: Readonly<Record<RiskLevel, number>> = { low: 24 * 3_600_000, medium: 24 * 3_600_000, high: 4 * 3_600_000 };

/** SP 800-204A SM-DR13 / SP 800-207A ID-SEG-REC-2: workload certificates are short-lived. */
export const SHORT_LIVED_CERTIFICATES: MeshRule = {
  id: 'MESH-MTLS-05',
  title: 'Workload certificates live at most 24h, and at most 4h when high-risk workloads run in the mesh',
  rationale: 'A stolen workload key is usable until its certificate expires, since Istio does not check revocation; short lifetimes bound '
    + 'that window. The Istio proxy requests 24h certificates by default, which is the most SM-DR13 tolerates; high-risk services need a few hours.',
  fix: 'set `workloadCertificateTtl` in the `Mesh` props (default `Duration.hours(1)`, rendered as `defaultConfig.proxyMetadata.SECRET_TTL` in the shared mesh config ConfigMap); '
    + 'outside the SDK, set `meshConfig.defaultConfig.proxyMetadata.SECRET_TTL` (e.g. "1h") in the installation, or `spec.environmentVariables.SECRET_TTL` '
    + 'of a ProxyConfig in the root namespace without selector, and keep istiod\'s MAX_WORKLOAD_CERT_TTL at or above it',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SM-DR13', 'ID-SEG-REC-2', '204B §5.2.1'],
  controls: ['IA-5', 'SC-12', 'SC-17'],
  target: 'manifest',
  check({ inventory }) {
    const apps = inventory.applicationWorkloads();
    if (apps.length === 0) return [];
    const risk = apps.map((w) => inventory.riskOf(w)).reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
    const bound = CERT_TTL_BOUND_MS[risk];
    const ttl = certificateTtl(inventory);
    const expected = `at most ${formatDuration(bound)} for a mesh whose riskiest workload is ${risk} risk`;
    if (ttl.ms === undefined) {
      return [violation(ttl.subject, `workload certificate lifetime cannot be read from ${ttl.source}; expected a Go duration ${expected}`, { risk })];
    }
    const what = `workload certificate lifetime ${formatDuration(ttl.ms)} (${ttl.source})`;
    return ttl.ms <= bound
      ? [compliant(ttl.subject, `${what} is ${expected}`, { risk })]
      : [violation(ttl.subject, `${what} exceeds the bound; expected ${expected}`, { risk })];
  },
};
