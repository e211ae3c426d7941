// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { operationsOf, rulesOf, strings } from '../authz/authz-helpers';
import { actionOf, authorizationPolicies, dryRunOf, listOf, nameOf, selectorAttachments } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 17 (§b3): `hosts` matches the request's Host header, which at a
 * sidecar's inbound is whatever the client sends (inbound routes accept any host).
 */
export const NO_HOSTS_ON_SIDECARS: MeshRule = {
  id: 'MESH-SEM-12',
  title: 'Sidecar policies do not rely on hosts, which the caller chooses',
  rationale: '`hosts` and `notHosts` compare the `:authority` header. A gateway or waypoint routes by that header, but a sidecar\'s inbound '
    + 'accepts any host, so the caller picks the value: a DENY on `hosts` is bypassed with another spelling of the same destination (short name, '
    + 'pod IP, `host:port`), an ALLOW on `notHosts` likewise, and an ALLOW on `hosts` restricts nothing a caller cannot forge while rejecting '
    + 'legitimate spellings it does not list (istio-authz-semantics §b3).',
  fix: 'authorize sidecar workloads on the caller\'s identity (principals), ports, methods and paths; keep `hosts` for gateway and waypoint '
    + 'policies, listing `name` and `name:*` variants',
  severity: 'warning',
  recommendations: ['APE-SR-1', '204B §5.1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      const action = actionOf(p);
      if ((action !== 'ALLOW' && action !== 'DENY') || dryRunOf(p).dryRun) continue;
      const uses = rulesOf(p).flatMap((r, i) => operationsOf(r).flatMap((op) => [
        ...strings(op.hosts).length > 0 ? [{ i, field: 'hosts', values: strings(op.hosts) }] : [],
        ...strings(op.notHosts).length > 0 ? [{ i, field: 'notHosts', values: strings(op.notHosts) }] : [],
      ]));
      if (uses.length === 0) continue;
      const where = `${action} ${describeRef(p.ref)}`;
      const sidecars = selectorAttachments(inventory, p).filter((a) => a.kind === 'sidecar').map((a) => nameOf(a.workload));
      if (sidecars.length === 0) {
        out.push(compliant(p.ref, `${where} matches hosts only where a gateway or waypoint routes by them`));
        continue;
      }
      const bypass = uses.filter((u) => (action === 'DENY') === (u.field === 'hosts'));
      const at = `sidecar workload${sidecars.length === 1 ? '' : 's'} ${listOf(sidecars)}`;
      const described = (list: typeof uses) => list.map((u) => `rule ${u.i} ${u.field} ${JSON.stringify(u.values)}`).join(', ');
      if (bypass.length > 0) {
        out.push(violation(p.ref, `${where} relies on ${described(bypass)} at ${at}, whose inbound accepts any Host header, so a caller bypasses it with another spelling of the destination; expected conditions on identity, ports, methods or paths`, { severity: 'error' }));
      } else {
        const noPort = uses.some((u) => u.values.some((v) => !v.includes(':') && !v.endsWith('*') && !u.values.includes(`${v}:*`)));
        out.push(violation(p.ref, `${where} relies on ${described(uses)} at ${at}, where the caller chooses the Host header${noPort ? ' (and `name:port` spellings are not listed)' : ''}; expected conditions on identity, ports, methods or paths`));
      }
    }
    return out;
  },
};
