// SPDX-License-Identifier: Apache-2.0
import { sidecarsFor, splitNamespacedHost } from './egress-helpers';
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, expectedObject, violation } from '../../rule';

/** SM-DR2: each sidecar proxy sees only the namespaces and services it needs, and the control plane. */
export const SCOPED_PROXY_EGRESS: MeshRule = {
  id: 'MESH-EGRESS-02',
  title: 'Sidecar proxies are scoped to the services they call and can reach the control plane',
  rationale: 'Without a Sidecar resource every proxy receives configuration for, and can route to, every service of the mesh, '
    + 'so a compromised workload can probe all of them. Scoping egress hosts to the namespaces and services it calls limits that reach; '
    + 'the control plane\'s namespace must stay listed so the proxy keeps its configuration and certificates.',
  fix: 'let the SDK emit the namespace Sidecar `default` (it lists the root namespace, the services that admit the namespace\'s workloads '
    + 'through `MeshService.allowFrom`, and the external services declared with `allowEgressTo`); outside the SDK give every sidecar '
    + 'namespace a Sidecar whose `egress[].hosts` name namespaces or hosts (`./*`, `shop/cart.shop.svc.cluster.local`) instead of `*/*`, '
    + 'and include `istio-system/*` (the root namespace)',
  severity: 'warning',
  recommendations: ['SM-DR2'],
  controls: ['AC-4', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    const sidecars = new Map<InventoryEntry, string[]>();
    const uncovered = new Map<string, string[]>();
    for (const w of inventory.applicationWorkloads()) {
      if (inventory.dataPlaneOf(w).kind !== 'sidecar') continue;
      const applicable = sidecarsFor(inventory, w);
      if (!applicable) {
        uncovered.set(w.namespace, [...(uncovered.get(w.namespace) ?? []), w.name]);
        continue;
      }
      for (const s of applicable.sidecars) sidecars.set(s, [...(sidecars.get(s) ?? []), `${w.namespace}/${w.name}`]);
    }
    const out: Outcome[] = [];
    for (const [ns, names] of [...uncovered].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(violation(expectedObject('networking.istio.io/v1', 'Sidecar', 'default', ns),
        `no Sidecar applies to the sidecar workloads ${names.sort().map((n) => `${ns}/${n}`).join(', ')} (none in ${ns}, none in the root namespace ${inventory.rootNamespace}), `
        + `so their proxies can reach every service of the mesh; expected a Sidecar ${ns}/default listing the hosts they call and ${inventory.rootNamespace}/*`));
    }
    for (const [s, workloads] of sidecars) out.push(checkSidecar(s, workloads, inventory.rootNamespace));
    return out;
  },
};

function checkSidecar(s: InventoryEntry, workloads: readonly string[], rootNamespace: string): Outcome {
  const name = `Sidecar ${s.ref.namespace}/${s.ref.name}`;
  const listeners = arrayOf(objectOf(s.object.spec).egress).map(objectOf);
  const hosts = listeners.flatMap((l) => arrayOf(l.hosts)).filter((h): h is string => typeof h === 'string');
  if (hosts.length === 0) {
    return violation(s.ref, `${name} lists no egress hosts, so the proxies of ${workloads.join(', ')} keep Istio's default of every namespace ("*/*"); expected egress hosts naming the namespaces or services they call and ${rootNamespace}/*`);
  }
  const unscoped = hosts.filter((h) => splitNamespacedHost(h).namespace === '*');
  if (unscoped.length > 0) {
    return violation(s.ref, `${name} has egress hosts ${JSON.stringify(unscoped)} with a wildcard namespace, so the proxies of ${workloads.join(', ')} can reach every namespace; expected namespace-qualified hosts such as "./*" or "<namespace>/<host>"`);
  }
  const controlPlane = hosts.filter((h) => splitNamespacedHost(h).namespace === rootNamespace);
  if (controlPlane.length === 0) {
    return violation(s.ref, `${name} egress hosts ${JSON.stringify(hosts)} do not include the control plane namespace ${rootNamespace}; expected "${rootNamespace}/*"`);
  }
  return compliant(s.ref, `${name} scopes the egress of ${workloads.join(', ')} to ${hosts.length} namespace-qualified hosts, including ${controlPlane.join(', ')}`);
}
