// SPDX-License-Identifier: Apache-2.0
/**
 * The inventory of a set of manifests: objects indexed by kind, namespaces and their labels,
 * workloads with their pod template, services, the mesh config, and each workload's data
 * plane (SP 800-233 proxy model) and risk profile. Rules and the authorization engine read
 * manifests only through it, so they work the same on SDK output and hand-written YAML.
 */
import { parse as parseYaml } from 'yaml';
import { CILIUM_DERIVED_LABEL, type LabelSelector, ciliumEndpointLabels, readCiliumSelector, readSelector, matchesLabels, selects } from './label-selector';
import { type InventoryEntry, type KubeObject, type ObjectRef, apiGroup, arrayOf, isNamespaced, objectOf, stringMap } from './manifest-object';
import { type DataPlane, type ServiceInfo, type Workload, RISK_ORDER, RISK_PROFILE_LABEL, SYSTEM_NAMESPACES, asRisk, isHostNetwork, isMeshInfrastructure, toService, toWorkload } from './workload';
import type { RiskLevel } from '../model/mesh-model';

export { type DataPlane, type DataPlaneKind, type ServiceInfo, type Workload, RISK_ORDER, RISK_PROFILE_LABEL, SYSTEM_NAMESPACES } from './workload';

/** Options of an inventory. */
export interface InventoryOptions {
  /** Istio's root namespace. @default 'istio-system' */
  readonly rootNamespace?: string;
  /** Risk of workloads and namespaces without the risk label. @default 'high' */
  readonly defaultRisk?: RiskLevel;
}

/** Manifests indexed for rules and the authorization engine. */
export class Inventory {
  public readonly entries: readonly InventoryEntry[];
  public readonly rootNamespace: string;
  public readonly defaultRisk: RiskLevel;
  public readonly workloads: readonly Workload[];
  public readonly services: readonly ServiceInfo[];
  private readonly kinds = new Map<string, InventoryEntry[]>();
  private readonly kindsInGroup = new Map<string, InventoryEntry[]>();
  private byName?: Map<string, InventoryEntry>;
  private serviceByRef?: Map<string, ServiceInfo>;
  private readonly namespaceObjects = new Map<string, InventoryEntry>();
  private readonly dataPlanes = new Map<Workload, DataPlane>();
  private meshConfigCache?: { value: Record<string, unknown> | undefined };
  private index?: Indexes;
  private appSet?: Set<Workload>;
  private drIndex?: { exact: Map<ServiceInfo, InventoryEntry[]>; wildcard: InventoryEntry[] };
  private readonly servicesOfCache = new Map<Workload, readonly ServiceInfo[]>();
  private readonly selectedCache = new Map<InventoryEntry, readonly Workload[]>();
  private readonly highestRisk = new Map<string, RiskLevel>();
  private waypointUsers?: Map<string, Workload[]>;
  private workloadOrder?: Map<Workload, number>;
  private networkPolicyIndex?: Map<Workload, InventoryEntry[]>;
  private ciliumPolicyIndex?: Map<Workload, InventoryEntry[]>;

  constructor(entries: readonly InventoryEntry[], options: InventoryOptions = {}) {
    this.entries = entries;
    this.rootNamespace = options.rootNamespace ?? 'istio-system';
    this.defaultRisk = options.defaultRisk ?? 'high';
    for (const e of entries) {
      const kind = e.ref.kind;
      let list = this.kinds.get(kind);
      if (!list) this.kinds.set(kind, (list = []));
      list.push(e);
      if (kind === 'Namespace' && apiGroup(e.ref.apiVersion) === '') this.namespaceObjects.set(e.ref.name, e);
    }
    this.workloads = entries.flatMap((e) => toWorkload(e) ?? []);
    this.services = this.ofKind('Service', '').map(toService);
  }

  /** Builds an inventory from plain objects, each with where it came from. */
  public static fromObjects(objects: readonly { readonly object: unknown; readonly file?: string; readonly line?: number; readonly constructPath?: string }[], options?: InventoryOptions): Inventory {
    const entries: InventoryEntry[] = [];
    for (const o of objects) {
      const object = objectOf(o.object) as KubeObject;
      if (typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') continue;
      const meta = objectOf(object.metadata);
      const namespaced = isNamespaced(object.kind);
      const ref: ObjectRef = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: typeof meta.name === 'string' ? meta.name : '',
        ...(namespaced ? { namespace: typeof meta.namespace === 'string' ? meta.namespace : 'default' } : {}),
        ...(o.file !== undefined ? { file: o.file } : {}),
        ...(o.line !== undefined ? { line: o.line } : {}),
        ...(o.constructPath !== undefined ? { constructPath: o.constructPath } : {}),
      };
      entries.push({ object, ref });
    }
    return new Inventory(entries, options);
  }

  /** Objects of `kind`, optionally only of API `group` (`''` is the core group). */
  public ofKind(kind: string, group?: string): readonly InventoryEntry[] {
    const list = this.kinds.get(kind) ?? [];
    if (group === undefined) return list;
    const key = `${kind}\u0000${group}`;
    let inGroup = this.kindsInGroup.get(key);
    if (!inGroup) this.kindsInGroup.set(key, (inGroup = list.filter((e) => apiGroup(e.ref.apiVersion) === group)));
    return inGroup;
  }

  /** The first object of `kind` in API `group` named `name` in `namespace` (cluster-scoped kinds: no namespace). */
  public named(kind: string, group: string, namespace: string | undefined, name: string): InventoryEntry | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const e of this.entries) {
        const key = `${e.ref.kind}\u0000${apiGroup(e.ref.apiVersion)}\u0000${e.ref.namespace ?? ''}\u0000${e.ref.name}`;
        if (!this.byName.has(key)) this.byName.set(key, e);
      }
    }
    return this.byName.get(`${kind}\u0000${group}\u0000${namespace ?? ''}\u0000${name}`);
  }

  /** Every namespace that holds an object or has a Namespace object, sorted. */
  public namespaces(): string[] {
    const names = new Set<string>(this.namespaceObjects.keys());
    for (const e of this.entries) if (e.ref.namespace !== undefined) names.add(e.ref.namespace);
    return [...names].sort();
  }

  /** The Namespace object named `name`, if the manifests hold it. */
  public namespaceObject(name: string): InventoryEntry | undefined {
    return this.namespaceObjects.get(name);
  }

  /** Labels of namespace `name` (empty when its Namespace object is not in the manifests). */
  public namespaceLabels(name: string): Readonly<Record<string, string>> {
    return stringMap(this.namespaceObjects.get(name)?.object.metadata?.labels);
  }

  /** Namespaces that hold at least one workload, outside the root and Kubernetes system namespaces. */
  public applicationNamespaces(): string[] {
    const names = new Set(this.workloads.map((w) => w.namespace));
    return [...names].filter((n) => n !== this.rootNamespace && !SYSTEM_NAMESPACES.has(n)).sort();
  }

  /** Workloads outside the root and system namespaces that are not mesh infrastructure (gateways, waypoints). */
  public applicationWorkloads(): Workload[] {
    return [...this.applicationWorkloadSet()];
  }

  /** The application workloads as a set, computed once (rules ask per policy). */
  public applicationWorkloadSet(): ReadonlySet<Workload> {
    this.appSet ??= new Set(this.workloads.filter((w) => w.namespace !== this.rootNamespace && !SYSTEM_NAMESPACES.has(w.namespace) && !isMeshInfrastructure(w)));
    return this.appSet;
  }

  /** The SP 800-233 risk profile of a workload: its label, its pod template's, its namespace's, or the default. */
  public riskOf(workload: Workload): RiskLevel {
    return asRisk(workload.labels[RISK_PROFILE_LABEL]) ?? asRisk(workload.podLabels[RISK_PROFILE_LABEL]) ?? this.namespaceRisk(workload.namespace);
  }

  /** The risk profile of a namespace: its label, or the highest risk of its workloads, or the default. */
  public namespaceRisk(namespace: string): RiskLevel {
    return asRisk(this.namespaceLabels(namespace)[RISK_PROFILE_LABEL]) ?? this.defaultRisk;
  }

  /** The highest risk among the workloads of `namespace` (the namespace's own risk when it has none). */
  public highestRiskIn(namespace: string): RiskLevel {
    let risk = this.highestRisk.get(namespace);
    if (risk === undefined) {
      const levels = (this.indexes().workloadsByNamespace.get(namespace) ?? []).map((w) => this.riskOf(w));
      risk = levels.length === 0 ? this.namespaceRisk(namespace) : levels.reduce((a, b) => (RISK_ORDER[b] > RISK_ORDER[a] ? b : a));
      this.highestRisk.set(namespace, risk);
    }
    return risk;
  }

  /** Services whose selector selects the workload's pods. */
  public servicesOf(workload: Workload): ServiceInfo[] {
    let services = this.servicesOfCache.get(workload);
    if (!services) {
      const { servicesByLabel, serviceOrder } = this.indexes();
      const found = new Set<ServiceInfo>();
      for (const [k, v] of Object.entries(workload.podLabels)) {
        for (const s of servicesByLabel.get(labelKey(workload.namespace, k, v)) ?? []) if (matchesLabels(s.selector!, workload.podLabels)) found.add(s);
      }
      services = [...found].sort((a, b) => serviceOrder.get(a)! - serviceOrder.get(b)!);
      this.servicesOfCache.set(workload, services);
    }
    return [...services];
  }

  /** NetworkPolicies of the workload's namespace whose `podSelector` selects its pods, in manifest order. */
  public networkPoliciesSelecting(workload: Workload): readonly InventoryEntry[] {
    this.networkPolicyIndex ??= this.selectionIndex(this.ofKind('NetworkPolicy', 'networking.k8s.io'), (p) => {
      const selector = readSelector(objectOf(p.object.spec).podSelector ?? {});
      return selector ? [selector] : [];
    });
    return this.networkPolicyIndex.get(workload) ?? [];
  }

  /**
   * CiliumNetworkPolicies of the workload's namespace and CiliumClusterwideNetworkPolicies with a
   * spec (`spec` or one of `specs`) whose `endpointSelector` selects its pods, in manifest order.
   */
  public ciliumPoliciesSelecting(workload: Workload): readonly InventoryEntry[] {
    this.ciliumPolicyIndex ??= this.selectionIndex(
      [...this.ofKind('CiliumNetworkPolicy', 'cilium.io'), ...this.ofKind('CiliumClusterwideNetworkPolicy', 'cilium.io')],
      (p) => [p.object.spec, ...arrayOf(p.object.specs)].filter((spec) => spec !== undefined).flatMap((spec) => readCiliumSelector(objectOf(spec).endpointSelector) ?? []),
      (selector, w) => selects(selector, this.ciliumLabels(w)),
    );
    return this.ciliumPolicyIndex.get(workload) ?? [];
  }

  /** The labels a Cilium selector sees on the workload's pods: theirs, and those Cilium derives (namespace, service account, namespace labels). */
  public ciliumLabels(workload: Workload): Record<string, string> {
    return ciliumEndpointLabels(workload.namespace, workload.serviceAccount, workload.podLabels, this.namespaceLabels(workload.namespace));
  }

  /**
   * Which of `policies` select each workload (of the policy's namespace; cluster-wide policies: of
   * every namespace), through `selectorsOf` and `matches`. Candidates come from the label index
   * by the selector's first pod label.
   */
  private selectionIndex(
    policies: readonly InventoryEntry[],
    selectorsOf: (policy: InventoryEntry) => LabelSelector[],
    matches: (selector: LabelSelector, w: Workload) => boolean = (selector, w) => selects(selector, w.podLabels),
  ): Map<Workload, InventoryEntry[]> {
    const { workloadsByLabel, workloadsByNamespace } = this.indexes();
    const index = new Map<Workload, InventoryEntry[]>();
    for (const policy of policies) {
      const ns = policy.ref.namespace;
      const selected = new Set<Workload>();
      for (const selector of selectorsOf(policy)) {
        const first = Object.entries(selector.matchLabels).find(([k]) => !CILIUM_DERIVED_LABEL.test(k));
        const candidates = first ? workloadsByLabel.get(labelKey(ns, first[0], first[1])) ?? []
          : ns === undefined ? this.workloads : workloadsByNamespace.get(ns) ?? [];
        for (const w of candidates) if (matches(selector, w)) selected.add(w);
      }
      for (const w of selected) {
        const list = index.get(w);
        if (list) list.push(policy);
        else index.set(w, [policy]);
      }
    }
    return index;
  }

  /** `workloads` in the order of the manifests. */
  public inManifestOrder(workloads: Iterable<Workload>): Workload[] {
    this.workloadOrder ??= new Map(this.workloads.map((w, i) => [w, i]));
    const order = this.workloadOrder;
    return [...workloads].sort((a, b) => order.get(a)! - order.get(b)!);
  }

  /** Ambient workloads whose traffic goes through the waypoint `name` of `namespace`. */
  public workloadsUsingWaypoint(namespace: string, name: string): readonly Workload[] {
    if (!this.waypointUsers) {
      this.waypointUsers = new Map();
      for (const w of this.workloads) {
        const waypoint = this.dataPlaneOf(w).waypoint;
        if (waypoint === undefined) continue;
        const key = `${w.namespace}/${waypoint}`;
        const list = this.waypointUsers.get(key);
        if (list) list.push(w);
        else this.waypointUsers.set(key, [w]);
      }
    }
    return this.waypointUsers.get(`${namespace}/${name}`) ?? [];
  }

  /** Workloads a Service selects. */
  public workloadsOf(service: ServiceInfo): Workload[] {
    if (!service.selector || Object.keys(service.selector).length === 0) return [];
    return this.workloadsMatching(service.namespace, service.selector);
  }

  /** The Service named exactly `name` in `namespace` (a reference such as a targetRef, not a host name). */
  public service(namespace: string, name: string): ServiceInfo | undefined {
    if (!this.serviceByRef) {
      this.serviceByRef = new Map();
      for (const s of this.services) if (!this.serviceByRef.has(`${s.namespace}/${s.name}`)) this.serviceByRef.set(`${s.namespace}/${s.name}`, s);
    }
    return this.serviceByRef.get(`${namespace}/${name}`);
  }

  /** The Service a host names (`name` read in `hostNamespace`, `name.ns`, `name.ns.svc`, `name.ns.svc.<domain>`), if the inventory has it. */
  public serviceNamed(host: string, hostNamespace: string): ServiceInfo | undefined {
    const h = host.trim().toLowerCase().replace(/\.$/, '');
    if (h === '' || h.includes('*')) return undefined;
    const parts = h.split('.');
    if (parts.length > 2 && (parts[2] !== 'svc' || parts.length === 4 && parts[3] === '')) return undefined;
    const key = parts.length === 1 ? `${parts[0]}.${hostNamespace}` : `${parts[0]}.${parts[1]}`;
    return this.indexes().serviceByName.get(key);
  }

  /**
   * Workloads an Istio policy (AuthorizationPolicy, RequestAuthentication, PeerAuthentication,
   * Telemetry, Sidecar) applies to through its `selector`, or through its namespace (the root
   * namespace: every workload). Policies with `targetRefs` apply to what they reference:
   * the workloads behind a Service or a Gateway's deployment (`gateway.networking.k8s.io/gateway-name`).
   */
  public workloadsSelectedBy(policy: InventoryEntry): Workload[] {
    let selected = this.selectedCache.get(policy);
    if (!selected) this.selectedCache.set(policy, (selected = this.selectWorkloads(policy)));
    return [...selected];
  }

  private selectWorkloads(policy: InventoryEntry): Workload[] {
    const spec = objectOf(policy.object.spec);
    const ns = policy.ref.namespace ?? 'default';
    const refs = arrayOf(spec.targetRefs).concat(spec.targetRef === undefined ? [] : [spec.targetRef]).map(objectOf);
    if (refs.length > 0) {
      const out = new Set<Workload>();
      for (const r of refs) {
        const kind = String(r.kind ?? '');
        const name = String(r.name ?? '');
        const targetNs = typeof r.namespace === 'string' ? r.namespace : ns;
        if (kind === 'Service') {
          const svc = this.service(targetNs, name);
          if (svc) this.workloadsOf(svc).forEach((w) => out.add(w));
        } else if (kind === 'Gateway') {
          this.workloadsMatching(targetNs, { 'gateway.networking.k8s.io/gateway-name': name }).forEach((w) => out.add(w));
        }
      }
      return this.inManifestOrder(out);
    }
    const matchLabels = stringMap(objectOf(spec.selector).matchLabels);
    return this.workloadsMatching(ns === this.rootNamespace ? undefined : ns, matchLabels);
  }

  /**
   * The DestinationRules that apply to traffic for a Service: those whose host names it exactly,
   * else those whose wildcard host covers its FQDN (Istio picks the most specific host).
   */
  public destinationRulesFor(service: ServiceInfo): InventoryEntry[] {
    if (!this.drIndex) {
      const exact = new Map<ServiceInfo, InventoryEntry[]>();
      const wildcard: InventoryEntry[] = [];
      for (const e of this.ofKind('DestinationRule', 'networking.istio.io')) {
        const host = String(objectOf(e.object.spec).host ?? '');
        if (host.includes('*')) {
          wildcard.push(e);
          continue;
        }
        const svc = this.serviceNamed(host, e.ref.namespace ?? 'default');
        if (!svc) continue;
        const list = exact.get(svc);
        if (list) list.push(e);
        else exact.set(svc, [e]);
      }
      this.drIndex = { exact, wildcard };
    }
    const own = this.drIndex.exact.get(service);
    if (own) return [...own];
    const fqdn = `${service.name}.${service.namespace}.svc.cluster.local`;
    return this.drIndex.wildcard.filter((e) => {
      const p = String(objectOf(e.object.spec).host ?? '').toLowerCase();
      return p === '*' || (p.startsWith('*.') && fqdn.endsWith(p.slice(1)));
    });
  }

  /** Workloads of `namespace` (of every namespace when undefined) whose pod labels match, via the label index. */
  private workloadsMatching(namespace: string | undefined, matchLabels: Readonly<Record<string, string>>): Workload[] {
    const { workloadsByLabel, workloadsByNamespace } = this.indexes();
    const pairs = Object.entries(matchLabels);
    if (pairs.length === 0) return namespace === undefined ? [...this.workloads] : [...(workloadsByNamespace.get(namespace) ?? [])];
    const [k, v] = pairs[0];
    return (workloadsByLabel.get(labelKey(namespace, k, v)) ?? []).filter((w) => matchesLabels(matchLabels, w.podLabels));
  }

  private indexes(): Indexes {
    if (!this.index) {
      const workloadsByLabel = new Map<string, Workload[]>();
      const workloadsByNamespace = new Map<string, Workload[]>();
      const push = <T>(m: Map<string, T[]>, key: string, value: T) => {
        const list = m.get(key);
        if (list) list.push(value);
        else m.set(key, [value]);
      };
      for (const w of this.workloads) {
        push(workloadsByNamespace, w.namespace, w);
        for (const [k, v] of Object.entries(w.podLabels)) {
          push(workloadsByLabel, labelKey(w.namespace, k, v), w);
          push(workloadsByLabel, labelKey(undefined, k, v), w);
        }
      }
      const servicesByLabel = new Map<string, ServiceInfo[]>();
      const serviceByName = new Map<string, ServiceInfo>();
      const serviceOrder = new Map(this.services.map((s, i) => [s, i]));
      for (const s of this.services) {
        const key = `${s.name}.${s.namespace}`.toLowerCase();
        if (!serviceByName.has(key)) serviceByName.set(key, s);
        const first = Object.entries(s.selector ?? {})[0];
        if (first) push(servicesByLabel, labelKey(s.namespace, first[0], first[1]), s);
      }
      this.index = { workloadsByLabel, workloadsByNamespace, servicesByLabel, serviceByName, serviceOrder };
    }
    return this.index;
  }

  /** Whether the policy has a `selector` or `targetRefs` (else it applies namespace- or mesh-wide). */
  public static isTargeted(policy: InventoryEntry): boolean {
    const spec = objectOf(policy.object.spec);
    return spec.selector !== undefined || arrayOf(spec.targetRefs).length > 0 || spec.targetRef !== undefined;
  }

  /**
   * The mesh config the manifests carry: any shared mesh config ConfigMap (istiod's
   * `SHARED_MESH_CONFIG`, annotated `mesh.cdk8s.io/istiod-env`) with the root namespace's
   * `istio` ConfigMap over it (top-level fields); `undefined` when neither is present.
   */
  public meshConfig(): Record<string, unknown> | undefined {
    if (this.meshConfigCache) return this.meshConfigCache.value;
    const sources = this.meshConfigSources();
    const value = sources.length === 0 ? undefined : Object.assign({}, ...sources.map((x) => x.config)) as Record<string, unknown>;
    this.meshConfigCache = { value };
    return value;
  }

  /**
   * The ConfigMaps carrying mesh config, in merge order (later ones win): shared mesh config
   * ConfigMaps, then the `istio` ConfigMap (istiod merges the shared config under the
   * installation's own), each with its parsed `data.mesh`.
   */
  public meshConfigSources(): { readonly entry: InventoryEntry; readonly config: Record<string, unknown> }[] {
    const maps = this.ofKind('ConfigMap', '').filter((e) => e.ref.namespace === this.rootNamespace);
    const base = maps.find((e) => e.ref.name === 'istio');
    const shared = maps.filter((e) => e !== base && (stringMap(e.object.metadata?.annotations)['mesh.cdk8s.io/istiod-env'] ?? '').startsWith('SHARED_MESH_CONFIG='));
    return [...shared, ...(base ? [base] : [])].flatMap((entry) => {
      const text = stringMap(entry.object.data).mesh;
      if (text === undefined) return [];
      try {
        return [{ entry, config: objectOf(parseYaml(text)) }];
      } catch {
        return [{ entry, config: {} }];
      }
    });
  }

  /**
   * The data plane of a workload (SP 800-233 proxy model), detected as the catalog says:
   * Istio injection (pod label `sidecar.istio.io/inject`, namespace `istio-injection` or
   * `istio.io/rev`) ⇒ sidecar, or proxyless with the `grpc-agent` template; otherwise
   * `istio.io/dataplane-mode: ambient` (pod or namespace) ⇒ ambient, with the waypoint
   * `istio.io/use-waypoint` names; otherwise a CiliumNetworkPolicy selecting the pods ⇒ shared node.
   */
  public dataPlaneOf(workload: Workload): DataPlane {
    let dp = this.dataPlanes.get(workload);
    if (!dp) {
      dp = this.detectDataPlane(workload);
      this.dataPlanes.set(workload, dp);
    }
    return dp;
  }

  private detectDataPlane(w: Workload): DataPlane {
    const ns = this.namespaceLabels(w.namespace);
    const podInject = w.podLabels['sidecar.istio.io/inject'] ?? w.podAnnotations['sidecar.istio.io/inject'];
    let injected: string | undefined;
    if (podInject === 'true') injected = 'pod label sidecar.istio.io/inject=true';
    else if (podInject !== 'false') {
      if (ns['istio-injection'] === 'enabled') injected = 'namespace label istio-injection=enabled';
      else if (ns['istio-injection'] !== 'disabled' && ns['istio.io/rev'] !== undefined) injected = `namespace label istio.io/rev=${ns['istio.io/rev']}`;
    }
    if (injected !== undefined && !isHostNetwork(w)) {
      const templates = (w.podAnnotations['inject.istio.io/templates'] ?? '').split(',').map((t) => t.trim());
      if (templates.includes('grpc-agent')) return { kind: 'proxyless', evidence: `${injected} with annotation inject.istio.io/templates=grpc-agent` };
      return { kind: 'sidecar', evidence: injected };
    }
    const podMode = w.podLabels['istio.io/dataplane-mode'];
    const ambient = podMode === 'ambient' ? 'pod label istio.io/dataplane-mode=ambient'
      : podMode !== 'none' && ns['istio.io/dataplane-mode'] === 'ambient' ? 'namespace label istio.io/dataplane-mode=ambient' : undefined;
    if (ambient !== undefined) {
      const waypoint = this.waypointOf(w, ns);
      return { kind: 'ambient', evidence: waypoint ? `${ambient}, waypoint ${waypoint}` : ambient, ...(waypoint ? { waypoint } : {}) };
    }
    const [cilium] = this.ciliumPoliciesSelecting(w);
    if (cilium) return { kind: 'sharedNode', evidence: `selected by ${cilium.ref.kind} ${cilium.ref.name}` };
    return { kind: 'none', evidence: podInject === 'false' ? 'pod label sidecar.istio.io/inject=false and no other data plane' : 'no injection label, no ambient label and no Cilium policy' };
  }

  private waypointOf(w: Workload, nsLabels: Readonly<Record<string, string>>): string | undefined {
    const pod = w.podLabels['istio.io/use-waypoint'];
    if (pod !== undefined) return pod === 'none' ? undefined : pod;
    for (const s of this.servicesOf(w)) {
      const v = stringMap(s.entry.object.metadata?.labels)['istio.io/use-waypoint'];
      if (v !== undefined) return v === 'none' ? undefined : v;
    }
    const ns = nsLabels['istio.io/use-waypoint'];
    return ns === undefined || ns === 'none' ? undefined : ns;
  }
}

/** Lookup tables built on first use. */
interface Indexes {
  /** Workloads by `<namespace or *>\0<label>=<value>` of their pod labels. */
  readonly workloadsByLabel: Map<string, Workload[]>;
  readonly workloadsByNamespace: Map<string, Workload[]>;
  /** Services by the first pair of their selector, `<namespace>\0<label>=<value>`. */
  readonly servicesByLabel: Map<string, ServiceInfo[]>;
  /** Services by `<name>.<namespace>`. */
  readonly serviceByName: Map<string, ServiceInfo>;
  /** Position of each Service in the manifests (lookups answer in manifest order). */
  readonly serviceOrder: Map<ServiceInfo, number>;
}

function labelKey(namespace: string | undefined, key: string, value: string): string {
  return `${namespace ?? '*'}\u0000${key}=${value}`;
}
