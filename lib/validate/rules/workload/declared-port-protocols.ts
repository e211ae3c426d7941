// SPDX-License-Identifier: Apache-2.0
import { applicationServices } from './workload-helpers';
import { type MeshRule, compliant, violation } from '../../rule';

/** Istio's protocol name prefixes (protocol selection by port name). */
export const ISTIO_PROTOCOL_PREFIXES: readonly string[] = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];

/** Whether a port name is `<protocol>` or `<protocol>-<suffix>` for an Istio protocol. */
export function hasProtocolPrefix(name: string | undefined): boolean {
  if (name === undefined) return false;
  const n = name.toLowerCase();
  return ISTIO_PROTOCOL_PREFIXES.some((p) => n === p || n.startsWith(`${p}-`));
}

/** SP 800-204A SM-DR1: every service port declares its protocol. */
export const DECLARED_PORT_PROTOCOLS: MeshRule = {
  id: 'MESH-WL-06',
  title: 'Every port of an application Service declares its protocol (appProtocol or an Istio name prefix)',
  rationale: 'Without a declared protocol Istio sniffs it from the first bytes of each connection, which delays server-first protocols, can misclassify '
    + 'traffic, and makes the L7 policies that apply depend on guessing; declaring it fixes what the proxy accepts on the port.',
  fix: '`mesh.addService(...)` derives `appProtocol` and the port name from each port\'s `protocol` (`PortProtocol.HTTP`, `GRPC`, `TCP`…); in hand-written '
    + 'Services set `appProtocol` or name the port `<protocol>[-<suffix>]` (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis, udp)',
  severity: 'warning',
  recommendations: ['SM-DR1'],
  controls: ['CM-7', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    return applicationServices(inventory).map(({ service: s }) => {
      const where = `Service ${s.namespace}/${s.name}`;
      const undeclared = s.ports.filter((p) => (p.appProtocol ?? '') === '' && !hasProtocolPrefix(p.name));
      if (undeclared.length === 0) return compliant(s.entry.ref, `${where}: every port declares its protocol (${s.ports.map((p) => `${p.port} ${p.appProtocol ?? p.name}`).join(', ')})`);
      const list = undeclared.map((p) => `port ${p.port}${p.name !== undefined ? ` (name ${JSON.stringify(p.name)})` : ' (no name)'}`).join(', ');
      return violation(s.entry.ref, `${where}: ${list} declares no protocol; expected appProtocol or a name "<protocol>" / "<protocol>-…" with an Istio protocol`);
    });
  },
};
