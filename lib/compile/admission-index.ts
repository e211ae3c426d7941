// SPDX-License-Identifier: Apache-2.0
import type { AccessRuleModel, MeshModel, ServiceModel } from '../model/mesh-model';

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
  /** The enforced ALLOW rules themselves, by whom their sources admit (per-caller egress). */
  readonly grants: RuleGrants;
}

/** An enforced ALLOW rule of `destination`. */
export interface RuleGrant {
  readonly destination: ServiceModel;
  /** Position of the destination in `mesh.services`. */
  readonly position: number;
  readonly rule: AccessRuleModel;
}

/**
 * Enforced ALLOW rules by what their sources admit: anyone (any or any authenticated peer), a
 * namespace, or an identity (`namespace/serviceAccount`) of the mesh's trust domain. IP blocks are
 * not indexed: the model does not know pod addresses.
 */
export interface RuleGrants {
  readonly anyone: readonly RuleGrant[];
  readonly byNamespace: ReadonlyMap<string, readonly RuleGrant[]>;
  readonly byIdentity: ReadonlyMap<string, readonly RuleGrant[]>;
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
  const grants = { anyone: [] as RuleGrant[], byNamespace: new Map<string, RuleGrant[]>(), byIdentity: new Map<string, RuleGrant[]>() };
  const grant = (m: Map<string, RuleGrant[]>, key: string, g: RuleGrant) => {
    const list = m.get(key);
    if (list) list.push(g);
    else m.set(key, [g]);
  };
  const add = (ns: string, dst: ServiceModel) => {
    let set = byNamespace.get(ns);
    if (!set) byNamespace.set(ns, (set = new Set()));
    set.add(dst);
    let from = callers.get(dst);
    if (!from) callers.set(dst, (from = new Set()));
    from.add(ns);
  };
  mesh.services.forEach((dst, position) => {
    for (const rule of dst.access) {
      if (rule.action !== 'ALLOW' || rule.dryRun) continue;
      const g: RuleGrant = { destination: dst, position, rule };
      for (const source of rule.sources) {
        if (source.anyone || source.anyAuthenticated) {
          open.add(dst);
          grants.anyone.push(g);
        }
        for (const ns of source.namespaces) {
          add(ns, dst);
          grant(grants.byNamespace, ns, g);
        }
        for (const i of source.identities) {
          if (i.trustDomain !== undefined && i.trustDomain !== mesh.trustDomain) continue;
          add(i.namespace, dst);
          grant(grants.byIdentity, `${i.namespace}/${i.serviceAccount}`, g);
        }
      }
    }
  });
  const callerNamespaces = new Map<string, string[]>();
  for (const dst of mesh.services) {
    callerNamespaces.set(`${dst.namespace}/${dst.name}`, open.has(dst) ? ['*'] : [...new Set([dst.namespace, ...(callers.get(dst) ?? [])])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const index: AdmissionIndex = { open: [...open], byNamespace: new Map([...byNamespace].map(([k, v]) => [k, [...v]])), callerNamespaces, grants };
  INDEX.set(mesh, index);
  return index;
}
