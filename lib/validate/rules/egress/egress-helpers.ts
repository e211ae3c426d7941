// SPDX-License-Identifier: Apache-2.0
/** Shared reading of Sidecars, ServiceEntries, egress gateways and network policies for the egress rules. */
import type { Inventory, Workload } from '../../../analyze/inventory';
import { matchesLabels, readCiliumSelector, selects } from '../../../analyze/label-selector';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';

/** Which Sidecar resources configure a workload's proxy, at the level Istio picks them. */
export interface ApplicableSidecars {
  /** `workload`: a Sidecar of its namespace whose workloadSelector matches; `namespace`: its namespace's default; `root`: the root namespace's default. */
  readonly level: 'workload' | 'namespace' | 'root';
  readonly sidecars: readonly InventoryEntry[];
}

/**
 * The Sidecars that apply to `workload`, in Istio's precedence: a Sidecar of its namespace whose
 * `workloadSelector` selects it, else its namespace's Sidecar without `workloadSelector`, else the
 * root namespace's one; `undefined` when none applies.
 */
export function sidecarsFor(inventory: Inventory, workload: Workload): ApplicableSidecars | undefined {
  const all = inventory.ofKind('Sidecar', 'networking.istio.io');
  const selectorOf = (e: InventoryEntry) => objectOf(e.object.spec).workloadSelector;
  const own = all.filter((e) => e.ref.namespace === workload.namespace);
  const targeted = own.filter((e) => selectorOf(e) !== undefined && matchesLabels(stringMap(objectOf(selectorOf(e)).labels), workload.podLabels));
  if (targeted.length > 0) return { level: 'workload', sidecars: targeted };
  const namespaceWide = own.filter((e) => selectorOf(e) === undefined);
  if (namespaceWide.length > 0) return { level: 'namespace', sidecars: namespaceWide };
  const root = all.filter((e) => e.ref.namespace === inventory.rootNamespace && selectorOf(e) === undefined);
  return root.length > 0 ? { level: 'root', sidecars: root } : undefined;
}

/** `spec.outboundTrafficPolicy.mode` of a Sidecar or mesh config, if set. */
export function outboundMode(spec: Record<string, unknown> | undefined): string | undefined {
  const mode = objectOf(objectOf(spec).outboundTrafficPolicy).mode;
  return typeof mode === 'string' ? mode : undefined;
}

/** ServiceEntries outside the mesh: `location` MESH_EXTERNAL, or unset (Istio's default). */
export function externalServiceEntries(inventory: Inventory): InventoryEntry[] {
  return inventory.ofKind('ServiceEntry', 'networking.istio.io').filter((e) => {
    const location = objectOf(e.object.spec).location;
    return location === undefined || location === 'MESH_EXTERNAL';
  });
}

/** The `spec.hosts` of an object, as strings. */
export function hostsOf(entry: InventoryEntry): string[] {
  return arrayOf(objectOf(entry.object.spec).hosts).filter((h): h is string => typeof h === 'string');
}

/** Protocols of ServiceEntry ports that carry HTTP, where routes can set timeouts and retries. */
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

/** Whether a ServiceEntry has a port whose protocol carries HTTP (timeouts and retries apply). */
export function hasHttpPort(entry: InventoryEntry): boolean {
  return arrayOf(objectOf(entry.object.spec).ports).some((p) => HTTP_PROTOCOLS.has(String(objectOf(p).protocol ?? '').toUpperCase()));
}

/** The host part of a `namespace/host` Gateway server or Sidecar egress entry. */
export function splitNamespacedHost(entry: string): { namespace: string; host: string } {
  const slash = entry.indexOf('/');
  return slash < 0 ? { namespace: '*', host: entry } : { namespace: entry.slice(0, slash), host: entry.slice(slash + 1) };
}

/**
 * Istio `Gateway`s (networking.istio.io) that are egress gateways: selecting pods labelled
 * `istio: egressgateway` (the SDK's and Istio's default), or serving a host of a MESH_EXTERNAL ServiceEntry.
 */
export function egressGateways(inventory: Inventory): InventoryEntry[] {
  const external = new Set(externalServiceEntries(inventory).flatMap(hostsOf).map((h) => h.toLowerCase()));
  return inventory.ofKind('Gateway', 'networking.istio.io').filter((g) => {
    const spec = objectOf(g.object.spec);
    if (stringMap(spec.selector).istio === 'egressgateway') return true;
    return arrayOf(spec.servers).some((s) => arrayOf(objectOf(s).hosts).some((h) => typeof h === 'string' && external.has(splitNamespacedHost(h).host.toLowerCase())));
  });
}

/** An egress restriction found for a workload, or why there is none. */
export interface EgressRestriction {
  readonly restricted: boolean;
  /** Evidence (restricted) or what is missing or too open. */
  readonly detail: string;
}

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/**
 * Kubernetes NetworkPolicies limiting the egress of `workload`: some selecting policy has the
 * `Egress` policy type, and no selecting policy allows every destination (a rule without `to`
 * other than DNS, or an ipBlock of `0.0.0.0/0` / `::/0`: NetworkPolicies add up).
 */
export function networkPolicyEgress(inventory: Inventory, workload: Workload): EgressRestriction | undefined {
  const egress = inventory.networkPoliciesSelecting(workload).filter((p) => {
    const spec = objectOf(p.object.spec);
    const types = arrayOf(spec.policyTypes);
    return types.includes('Egress') || (spec.policyTypes === undefined && spec.egress !== undefined);
  });
  if (egress.length === 0) return undefined;
  for (const p of egress) {
    for (const rule of arrayOf(objectOf(p.object.spec).egress).map(objectOf)) {
      const to = arrayOf(rule.to).map(objectOf);
      const ports = arrayOf(rule.ports).map((x) => Number(objectOf(x).port));
      if (to.length === 0 && (ports.length === 0 || ports.some((n) => n !== 53))) {
        return { restricted: false, detail: `NetworkPolicy ${p.ref.namespace}/${p.ref.name} has an egress rule without \`to\`${ports.length ? ` on ports ${JSON.stringify(ports)}` : ''}, which allows every destination` };
      }
      const open = to.find((peer) => OPEN_CIDRS.has(String(objectOf(peer.ipBlock).cidr ?? '')));
      if (open) return { restricted: false, detail: `NetworkPolicy ${p.ref.namespace}/${p.ref.name} allows egress to ipBlock ${JSON.stringify(objectOf(open.ipBlock).cidr)}, which is every destination` };
    }
  }
  return { restricted: true, detail: `NetworkPolicy ${egress.map((p) => `${p.ref.namespace}/${p.ref.name}`).join(', ')} limits its egress (policyTypes Egress)` };
}

/**
 * Cilium policies limiting the egress of `workload`: a selecting CiliumNetworkPolicy or
 * CiliumClusterwideNetworkPolicy puts it in egress default deny (`enableDefaultDeny.egress`, or
 * egress rules without `enableDefaultDeny.egress: false`), and none allows the `world`/`all`
 * entities or an all-addresses CIDR.
 */
export function ciliumEgress(inventory: Inventory, workload: Workload): EgressRestriction | undefined {
  const selecting = inventory.ciliumPoliciesSelecting(workload).filter((p) => {
    const sel = readCiliumSelector(objectOf(p.object.spec).endpointSelector);
    return sel !== undefined && selects(sel, inventory.ciliumLabels(workload));
  });
  if (selecting.length === 0) return undefined;
  const name = (p: InventoryEntry) => (p.ref.namespace ? `${p.ref.kind} ${p.ref.namespace}/${p.ref.name}` : `${p.ref.kind} ${p.ref.name}`);
  for (const p of selecting) {
    for (const rule of arrayOf(objectOf(p.object.spec).egress).map(objectOf)) {
      const entity = arrayOf(rule.toEntities).find((x) => x === 'world' || x === 'all');
      if (entity !== undefined) return { restricted: false, detail: `${name(p)} allows egress to the entity ${JSON.stringify(entity)}` };
      const cidrs = [...arrayOf(rule.toCIDR), ...arrayOf(rule.toCIDRSet).map((x) => objectOf(x).cidr)];
      const open = cidrs.find((c) => OPEN_CIDRS.has(String(c)));
      if (open !== undefined) return { restricted: false, detail: `${name(p)} allows egress to ${JSON.stringify(open)}, which is every destination` };
    }
  }
  const denying = selecting.filter((p) => {
    const spec = objectOf(p.object.spec);
    const flag = objectOf(spec.enableDefaultDeny).egress;
    if (flag === true) return true;
    return flag !== false && (arrayOf(spec.egress).length > 0 || arrayOf(spec.egressDeny).length > 0);
  });
  if (denying.length === 0) return { restricted: false, detail: `${selecting.map(name).join(', ')} select it but set no egress rules and no egress default deny` };
  return { restricted: true, detail: `${denying.map(name).join(', ')} puts it in egress default deny` };
}
