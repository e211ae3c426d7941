// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { deployment, namespace } from './fixtures';
import { MESH_WIDE_STRICT_MTLS } from '../../../lib/validate/rules/mtls/mesh-wide-strict-mtls';
import { check, verdicts, violations } from '../harness';

const APP = namespace('shop') + deployment({ name: 'cart', risk: 'high' });

function peerAuthentication(spec: string, name = 'default', ns = 'istio-system'): string {
  return `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
}

describe('MESH-MTLS-01: a mesh-wide PeerAuthentication in the root namespace requires STRICT mTLS', () => {
  it('Compliance: root-namespace policy without selector, STRICT', () => {
    const out = check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{ mtls: { mode: STRICT } }'));
    expect(verdicts(out)).toEqual(['compliant PeerAuthentication istio-system/default']);
    expect(out[0].message).toMatch(/applies mesh-wide with mtls.mode "STRICT"/);
  });

  it('Noncompliance 1: no mesh-wide policy is reported on the expected PeerAuthentication', () => {
    const [v] = violations(check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{ mtls: { mode: STRICT } }', 'default', 'shop')));
    expect(v.subject).toEqual({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', name: 'default', namespace: 'istio-system' });
    expect(v.message).toMatch(/no PeerAuthentication without selector in the root namespace istio-system; expected one with mtls.mode "STRICT"/);
    expect(MESH_WIDE_STRICT_MTLS.unsuppressibleAt).toEqual(['high']);
  });

  it('Noncompliance 2: the mesh-wide policy is PERMISSIVE', () => {
    const [v] = violations(check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{ mtls: { mode: PERMISSIVE } }')));
    expect(v.message).toMatch(/^PeerAuthentication istio-system\/default applies mesh-wide with mtls.mode "PERMISSIVE"; expected "STRICT"$/);
  });

  it('Noncompliance 3: the mesh-wide policy leaves the mode unset', () => {
    const [v] = violations(check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{}')));
    expect(v.message).toMatch(/istio-system\/default applies mesh-wide with mtls.mode unset \(inherits PERMISSIVE\)/);
  });

  it('Noncompliance 4: a root-namespace policy with a selector is not mesh-wide', () => {
    const out = check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{ selector: { matchLabels: { app: cart } }, mtls: { mode: STRICT } }', 'cart'));
    expect(verdicts(out)).toEqual(['non-compliant PeerAuthentication istio-system/default']);
  });

  it('uses the inventory\'s root namespace', () => {
    const out = check(MESH_WIDE_STRICT_MTLS, APP + peerAuthentication('{ mtls: { mode: STRICT } }', 'default', 'mesh-root'), { rootNamespace: 'mesh-root' });
    expect(verdicts(out)).toEqual(['compliant PeerAuthentication mesh-root/default']);
  });

  it('NotApplicable: no application workloads', () => {
    expect(check(MESH_WIDE_STRICT_MTLS, peerAuthentication('{ mtls: { mode: PERMISSIVE } }'))).toEqual([]);
  });
});
