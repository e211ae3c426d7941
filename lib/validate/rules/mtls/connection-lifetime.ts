// SPDX-License-Identifier: Apache-2.0
import { DEFAULT_CERT_TTL_MS, certificateTtl, formatDuration, parseGoDuration } from './mtls-helpers';
import { RISK_ORDER } from '../../../analyze/inventory';
import { describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** Longest connection of a high-risk service, whatever the certificate lifetime (ID-SEG-REC-2: 15–30 minutes). */
export const HIGH_RISK_MAX_CONNECTION_MS = 30 * 60_000;

/** SP 800-204A SM-DR14 / SP 800-207A ID-SEG-REC-2: connections are re-authenticated regularly. */
export const CONNECTION_LIFETIME: MeshRule = {
  id: 'MESH-MTLS-06',
  title: 'Connections to medium- and high-risk services are bounded by the certificate lifetime (30 minutes at most for high risk)',
  rationale: 'Peer certificates are only checked at the TLS handshake, so a long-lived connection outlives certificate rotation and keeps '
    + 'an identity authenticated after its certificate expired; bounding connection age forces regular re-authentication.',
  fix: 'set `resilience: { maxConnectionDuration: Duration.minutes(30) }` in `mesh.addService(...)` (high risk: at most 30 minutes and the certificate lifetime; '
    + 'medium risk: at most the certificate lifetime); in hand-written YAML set `trafficPolicy.connectionPool.tcp.maxConnectionDuration` '
    + 'of a DestinationRule for the service host',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SM-DR14', 'ID-SEG-REC-2'],
  controls: ['IA-3', 'SC-23'],
  target: 'manifest',
  check({ inventory }) {
    const apps = inventory.applicationWorkloadSet();
    if (apps.size === 0) return [];
    const ttlMs = certificateTtl(inventory).ms ?? DEFAULT_CERT_TTL_MS;
    return inventory.services.flatMap((s) => {
      const workloads = inventory.workloadsOf(s).filter((w) => apps.has(w) && inventory.dataPlaneOf(w).kind !== 'sharedNode');
      if (workloads.length === 0) return [];
      const risk = workloads.map((w) => inventory.riskOf(w)).reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
      if (risk === 'low') return [];
      const bound = risk === 'high' ? Math.min(ttlMs, HIGH_RISK_MAX_CONNECTION_MS) : ttlMs;
      const expected = `maxConnectionDuration at most ${formatDuration(bound)} (${risk} risk, certificate lifetime ${formatDuration(ttlMs)})`;
      const service = `Service ${s.namespace}/${s.name}`;
      // Proxyless gRPC servers and ambient services without a waypoint have no proxy of their
      // own that applies a DestinationRule; only proxied callers would bound their connections.
      const limited = workloads.find((w) => { const dp = inventory.dataPlaneOf(w); return dp.kind === 'proxyless' || (dp.kind === 'ambient' && dp.waypoint === undefined); });
      const modelNote = limited ? { severity: 'info' as const, message: `; the ${inventory.dataPlaneOf(limited).kind === 'proxyless' ? 'proxyless gRPC' : 'ambient (no waypoint)'} model cannot bound connection lifetime by itself: it holds only for proxied callers` } : undefined;
      const matching = inventory.destinationRulesFor(s);
      if (matching.length === 0) return [violation(s.entry.ref, `${service} has no DestinationRule for its host; expected one with trafficPolicy.connectionPool.tcp.${expected}${modelNote?.message ?? ''}`, { risk, ...(modelNote ? { severity: modelNote.severity } : {}) })];
      const settings = matching.map((e) => {
        const raw = objectOf(objectOf(objectOf(objectOf(e.object.spec).trafficPolicy).connectionPool).tcp).maxConnectionDuration;
        return { e, raw, ms: parseGoDuration(raw) };
      });
      const bad = settings.filter((x) => x.ms === undefined || x.ms <= 0 || x.ms > bound);
      if (bad.length === 0) {
        return [compliant(s.entry.ref, `${service}: ${settings.map((x) => `${describeRef(x.e.ref)} sets maxConnectionDuration ${JSON.stringify(x.raw)}`).join(', ')}, within ${formatDuration(bound)}`, { risk })];
      }
      const list = bad.map((x) => `${describeRef(x.e.ref)} ${x.raw === undefined ? 'sets no trafficPolicy.connectionPool.tcp.maxConnectionDuration' : `sets maxConnectionDuration ${JSON.stringify(x.raw)}`}`).join(', ');
      return [violation(s.entry.ref, `${service}: ${list}; expected ${expected}${modelNote?.message ?? ''}`, { risk, ...(modelNote ? { severity: modelNote.severity } : {}) })];
    });
  },
};
