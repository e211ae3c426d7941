// SPDX-License-Identifier: Apache-2.0
import { destinationRules, tlsBlocks, tlsMode } from './mtls-helpers';
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';

/** SP 800-204A SM-DR17 / SAUN-SR-2: TLS origination verifies the server's name. */
export const ORIGINATION_VERIFIES_SERVER: MeshRule = {
  id: 'MESH-MTLS-04',
  title: 'TLS origination (SIMPLE or MUTUAL) verifies the server against subjectAltNames',
  rationale: 'When a proxy originates TLS with certificates that carry a server name, secure naming requires checking that name: '
    + 'without `subjectAltNames`, or with `insecureSkipVerify`, any certificate the CA signed (or any at all) is accepted, '
    + 'so the proxy can be redirected to an impostor.',
  fix: 'declare the external host with `new ExternalService(...)` and `tls: EgressTls.originate({ subjectAltNames: [...] })` (the SDK then sets `subjectAltNames`); in '
    + 'hand-written DestinationRules set `tls.subjectAltNames` to the names the server certificate must carry and remove `insecureSkipVerify`',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SM-DR17', 'SAUN-SR-2'],
  controls: ['IA-3', 'SC-8', 'SC-23'],
  target: 'manifest',
  check({ inventory }) {
    return destinationRules(inventory).flatMap((e) => {
      const originating = tlsBlocks(e).filter((b) => tlsMode(b) === 'SIMPLE' || tlsMode(b) === 'MUTUAL');
      if (originating.length === 0) return [];
      const host = objectOf(e.object.spec).host;
      const where = `${describeRef(e.ref)} (host ${JSON.stringify(host)})`;
      const problems: string[] = [];
      for (const b of originating) {
        const sans = arrayOf(b.tls.subjectAltNames).filter((s) => typeof s === 'string' && s !== '');
        if (sans.length === 0) problems.push(`${b.path} (mode ${JSON.stringify(b.tls.mode)}) sets no subjectAltNames`);
        if (b.tls.insecureSkipVerify === true) problems.push(`${b.path} sets insecureSkipVerify true`);
      }
      if (problems.length === 0) {
        return [compliant(e.ref, `${where} verifies the server in every originating tls block: ${originating.map((b) => `${b.path} subjectAltNames ${JSON.stringify(b.tls.subjectAltNames)}`).join(', ')}`)];
      }
      return [violation(e.ref, `${where}: ${problems.join('; ')}; expected non-empty subjectAltNames and no insecureSkipVerify`)];
    });
  },
};
