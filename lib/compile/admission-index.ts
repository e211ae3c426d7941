// SPDX-License-Identifier: Apache-2.0
import type { MeshModel, ServiceModel } from '../model/mesh-model';

/**
 * Who each service admits, from its enforced ALLOW rules, indexed once per model so that scoping
 * (Sidecar egress hosts, exportTo of per-service objects) stays linear in the number of rules.
 */
export interface AdmissionIndex {
  /** Destinations that admit any caller (anyone / any authenticated peer). */
  readonly open: readonly ServiceModel[];
  /** namespace → destinations admitting that whole namespace or an identity in it. */
  readonly byNamespace: ReadonlyMap<string, readonly ServiceModel[]>;
  /** `namespace/name` of a destination → namespaces of its callers, or `*` when it admits any caller. */
  readonly callerNamespaces: ReadonlyMap<string, readonly string[]>;
}

/** Namespaces whose workloads may call `service` (its own included), or `['*']`. */
export function callerNamespaces(mesh: MeshModel, service: ServiceModel): readonly string[] {
  return admissionIndex(mesh).callerNamespaces.get(`${service.namespace}/${service.name}`) ?? [service.namespace];
}

const INDEX = new WeakMap<MeshModel, AdmissionIndex>();

/** The index of `mesh`, built on first use and cached with the (immutable) model. */
export function admissionIndex(mesh: MeshModel): AdmissionIndex {
  const cached = INDEX.get(mesh);
  if (cached) return cached;
  const open = new Set<ServiceModel>();
  const byNamespace = new Map<string, Set<ServiceModel>>();
  const callers = new Map<ServiceModel, Set<string>>();
  const add = (ns: string, dst: ServiceModel) => {
    let set = byNamespace.get(ns);
    if (!set) byNamespace.set(ns, (set = new Set()));
    set.add(dst);
    let from = callers.get(dst);
    if (!from) callers.set(dst, (from = new Set()));
    from.add(ns);
  };
  for (const dst of mesh.services) {
    for (const rule of dst.access) {
      if (rule.action !== 'ALLOW' || rule.dryRun) continue;
      for (const source of rule.sources) {
        if (source.anyone || source.anyAuthenticated) open.add(dst);
        source.namespaces.forEach((ns) => add(ns, dst));
        source.identities.filter((i) => i.trustDomain === undefined || i.trustDomain === mesh.trustDomain).forEach((i) => add(i.namespace, dst));
      }
    }
  }
  const callerNamespaces = new Map<string, string[]>();
  for (const dst of mesh.services) {
    callerNamespaces.set(`${dst.namespace}/${dst.name}`, open.has(dst) ? ['*'] : [...new Set([dst.namespace, ...(callers.get(dst) ?? [])])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const index: AdmissionIndex = { open: [...open], byNamespace: new Map([...byNamespace].map(([k, v]) => [k, [...v]])), callerNamespaces };
  INDEX.set(mesh, index);
  return index;
}
