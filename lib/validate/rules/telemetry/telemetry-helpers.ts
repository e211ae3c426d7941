// SPDX-License-Identifier: Apache-2.0
/** Telemetry resolution (mesh, namespace, workload levels), mesh config providers and recorded exceptions. */
import { parse as parseYaml } from 'yaml';
import { Inventory, type DataPlane, type Workload } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';
import { TELEMETRY_EXCEPTION_ANNOTATION_PREFIX } from '../../../compile/telemetry/mesh-telemetry';

/** The Telemetry objects of the inventory. */
export function telemetries(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('Telemetry', 'telemetry.istio.io');
}

/** Whether a Telemetry is mesh-wide: in the root namespace, without selector or targetRefs. */
export function isMeshWide(inventory: Inventory, telemetry: InventoryEntry): boolean {
  return telemetry.ref.namespace === inventory.rootNamespace && !Inventory.isTargeted(telemetry);
}

/** The Telemetries that apply to a workload, most specific first: targeted, its namespace's, then mesh-wide. */
export function telemetriesFor(inventory: Inventory, workload: Workload): InventoryEntry[] {
  const all = telemetries(inventory).filter((t) => inventory.workloadsSelectedBy(t).includes(workload));
  const targeted = all.filter((t) => Inventory.isTargeted(t));
  const namespaced = all.filter((t) => !Inventory.isTargeted(t) && t.ref.namespace === workload.namespace && t.ref.namespace !== inventory.rootNamespace);
  const mesh = all.filter((t) => isMeshWide(inventory, t));
  return [...targeted, ...namespaced, ...mesh];
}

/** The entries of `field` (`accessLogging`, `metrics`, `tracing`) of a Telemetry. */
export function entriesOf(telemetry: InventoryEntry, field: 'accessLogging' | 'metrics' | 'tracing'): Record<string, unknown>[] {
  return arrayOf(objectOf(telemetry.object.spec)[field]).map(objectOf);
}

/** Provider names of a Telemetry entry (`providers[].name`). */
export function providerNames(entry: Record<string, unknown>): string[] {
  return arrayOf(entry.providers).map((p) => objectOf(p).name).filter((n): n is string => typeof n === 'string');
}

/** The mesh config's default providers of a signal (`defaultProviders.<signal>`). */
export function defaultProviders(inventory: Inventory, signal: 'accessLogging' | 'metrics' | 'tracing'): string[] {
  return arrayOf(objectOf(objectOf(inventory.meshConfig()).defaultProviders)[signal]).filter((n): n is string => typeof n === 'string');
}

/** The access-log providers an entry without `providers` uses: the defaults, else `envoy` when `accessLogFile` is set. */
export function defaultAccessLogProviders(inventory: Inventory): string[] {
  const defaults = defaultProviders(inventory, 'accessLogging');
  if (defaults.length > 0) return defaults;
  const file = objectOf(inventory.meshConfig()).accessLogFile;
  return typeof file === 'string' && file !== '' ? ['envoy'] : [];
}

/** The access-log providers a list of accessLogging entries leaves on (entries add providers, `disabled` entries remove them). */
export function activeAccessLogProviders(inventory: Inventory, entries: readonly Record<string, unknown>[]): string[] {
  const named = (e: Record<string, unknown>) => (providerNames(e).length > 0 ? providerNames(e) : defaultAccessLogProviders(inventory));
  const off = new Set(entries.filter((e) => e.disabled === true).flatMap(named));
  return [...new Set(entries.filter((e) => e.disabled !== true).flatMap(named))].filter((p) => !off.has(p));
}

/** The justification the SDK recorded on a Telemetry for turning `signal` off (`mesh.cdk8s.io/telemetry-exception.<signal>`). */
export function telemetryException(telemetry: InventoryEntry, signal: 'access-logging' | 'metrics'): string | undefined {
  const reason = stringMap(telemetry.object.metadata?.annotations)[`${TELEMETRY_EXCEPTION_ANNOTATION_PREFIX}${signal}`];
  return reason !== undefined && reason.trim() !== '' ? reason.trim() : undefined;
}

/**
 * Why Istio's Telemetry API does not reach a data plane: Cilium's node proxy is not configured by
 * istiod, and proxyless gRPC has no Envoy to log or count requests; `undefined` for Envoy-based ones.
 */
export function telemetryGap(dp: DataPlane): string | undefined {
  if (dp.kind === 'sharedNode') return 'Istio\'s Telemetry does not configure Cilium\'s node proxy; its flows are visible only through Hubble, which these manifests do not configure';
  if (dp.kind === 'proxyless') return 'proxyless gRPC has no Envoy proxy, so Istio\'s access logs and standard metrics are not produced; the application has to emit them';
  return undefined;
}

/** A mesh config ConfigMap of the root namespace with its parsed `data.mesh`. */
export interface MeshConfigSource {
  readonly entry: InventoryEntry;
  readonly mesh: Record<string, unknown>;
}

/** The root namespace's mesh config ConfigMaps (`istio` and shared ones), in merge order (later ones win). */
export function meshConfigSources(inventory: Inventory): MeshConfigSource[] {
  const maps = inventory.ofKind('ConfigMap', '').filter((e) => e.ref.namespace === inventory.rootNamespace);
  const ordered = [
    ...maps.filter((e) => e.ref.name === 'istio'),
    ...maps.filter((e) => (stringMap(e.object.metadata?.annotations)['mesh.cdk8s.io/istiod-env'] ?? '').startsWith('SHARED_MESH_CONFIG=')),
  ];
  return ordered.flatMap((entry) => {
    const text = stringMap(entry.object.data).mesh;
    if (text === undefined) return [];
    try {
      return [{ entry, mesh: objectOf(parseYaml(text)) }];
    } catch {
      return [];
    }
  });
}

/** The extension provider `name` of the mesh config, with the ConfigMap defining it (the last definition wins). */
export function extensionProvider(inventory: Inventory, name: string): { provider: Record<string, unknown>; source: InventoryEntry } | undefined {
  let found: { provider: Record<string, unknown>; source: InventoryEntry } | undefined;
  for (const s of meshConfigSources(inventory)) {
    const provider = arrayOf(s.mesh.extensionProviders).map(objectOf).find((p) => p.name === name);
    if (provider) found = { provider, source: s.entry };
  }
  return found;
}
