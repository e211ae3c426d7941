// SPDX-License-Identifier: Apache-2.0
/**
 * Host names in Istio objects (DestinationRule, VirtualService, ServiceEntry, Sidecar) and the
 * Kubernetes Services they name. A Service `name` of namespace `ns` is reachable as `name`
 * (from `ns`), `name.ns`, `name.ns.svc` and `name.ns.svc.<cluster domain>`; a bare `name` in an
 * Istio object is read in that object's namespace, as Istio expands short names.
 */
import type { Inventory, ServiceInfo } from '../../../analyze/inventory';

/** The cluster domain the manifests assume when a host leaves it out. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Whether `host`, written in an object of namespace `hostNamespace`, names the Service `name`/`namespace`. */
export function namesService(host: string, hostNamespace: string, service: { readonly name: string; readonly namespace: string }): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const base = `${service.name}.${service.namespace}`;
  if (h === service.name) return hostNamespace === service.namespace;
  if (h === base || h === `${base}.svc`) return true;
  // any cluster domain: `name.ns.svc.<domain>`
  return h.startsWith(`${base}.svc.`) && h.length > base.length + 5;
}

/** The FQDN Istio gives a Service in the default cluster domain. */
export function serviceFqdn(service: { readonly name: string; readonly namespace: string }): string {
  return `${service.name}.${service.namespace}.svc.${DEFAULT_CLUSTER_DOMAIN}`;
}

/** The Service of the inventory that `host` (written in namespace `hostNamespace`) names, if any. */
export function serviceNamed(inventory: Inventory, host: string, hostNamespace: string): ServiceInfo | undefined {
  return inventory.serviceNamed(host, hostNamespace);
}

/**
 * A comparable key for a host: `service:<ns>/<name>` when it names a Service of the inventory,
 * else the lower-case name, a dotless short name expanded to `<name>.<ns>.svc.cluster.local`.
 */
export function hostKey(inventory: Inventory, host: string, hostNamespace: string): string {
  const svc = serviceNamed(inventory, host, hostNamespace);
  if (svc) return `service:${svc.namespace}/${svc.name}`;
  const h = host.toLowerCase().replace(/\.$/, '');
  return h.includes('.') || h.startsWith('*') ? h : `${h}.${hostNamespace}.svc.${DEFAULT_CLUSTER_DOMAIN}`;
}

/** Whether two hosts, each read in its object's namespace, name the same destination. */
export function sameHost(inventory: Inventory, a: string, aNamespace: string, b: string, bNamespace: string): boolean {
  return hostKey(inventory, a, aNamespace) === hostKey(inventory, b, bNamespace);
}

/** Whether the wildcard `pattern` (`*` or `*.suffix`) covers the fully qualified `host`. */
export function wildcardCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  return p.startsWith('*.') && h.endsWith(p.slice(1)) && h.length > p.length - 1;
}

/**
 * The namespace of the Service `host` names: from the inventory, else from the form
 * `<name>.<ns>.svc[.<domain>]`; `undefined` for names outside the cluster.
 */
export function hostNamespaceOf(inventory: Inventory, host: string, hostNamespace: string): string | undefined {
  const svc = serviceNamed(inventory, host, hostNamespace);
  if (svc) return svc.namespace;
  const labels = host.toLowerCase().split('.');
  if (labels.length === 1) return hostNamespace;
  return labels.length >= 3 && labels[2] === 'svc' ? labels[1] : undefined;
}
