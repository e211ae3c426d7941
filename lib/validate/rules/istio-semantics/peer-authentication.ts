// SPDX-License-Identifier: Apache-2.0
/**
 * PeerAuthentication resolution as Istio composes it (istio-authz-semantics §b5,
 * `ComposePeerAuthentication`): the mesh policy (root namespace, no selector), the namespace
 * policy (no selector) and the workload policy (a selector, never in the root namespace), the
 * oldest winning at each level; `UNSET` inherits; PERMISSIVE when nothing is set. Port-level
 * modes come from the workload policy only. Proxyless gRPC has no PERMISSIVE (§b7).
 */
import type { Inventory, Workload } from '../../../analyze/inventory';
import { matchesLabels } from '../../../analyze/label-selector';
import { type InventoryEntry, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { compareText } from '../../engine';
import { type EnforcementKind, peerAuthentications } from './semantics-helpers';

/** An mTLS mode once resolved. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** A mode as written (`UNSET` when absent or unknown). */
export type WrittenMode = MtlsMode | 'UNSET';

/** The level a PeerAuthentication applies at. */
export type PeerAuthenticationLevel = 'mesh' | 'namespace' | 'workload' | 'ignored';

/** Reads a mode value. */
export function writtenMode(value: unknown): WrittenMode {
  const m = typeof value === 'string' ? value.toUpperCase() : '';
  return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : 'UNSET';
}

/** `spec.mtls.mode` of a PeerAuthentication. */
export function modeOfPolicy(pa: InventoryEntry): WrittenMode {
  return writtenMode(objectOf(objectOf(pa.object.spec).mtls).mode);
}

/** `spec.selector.matchLabels`, or undefined when the selector is absent or empty (the policy is then namespace- or mesh-wide). */
export function workloadSelector(pa: InventoryEntry): Record<string, string> | undefined {
  const labels = stringMap(objectOf(objectOf(pa.object.spec).selector).matchLabels);
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** The level a PeerAuthentication applies at; `ignored` for a selector policy in the root namespace (§b5). */
export function levelOf(inventory: Inventory, pa: InventoryEntry): PeerAuthenticationLevel {
  const root = pa.ref.namespace === inventory.rootNamespace;
  const selector = workloadSelector(pa);
  if (selector === undefined) return root ? 'mesh' : 'namespace';
  return root ? 'ignored' : 'workload';
}

/** Oldest first, as Istio breaks conflicts: creationTimestamp, then name, then namespace (absent timestamps first, like Go's zero time). */
export function oldestFirst(entries: readonly InventoryEntry[]): InventoryEntry[] {
  const ts = (e: InventoryEntry) => String((e.object.metadata as Record<string, unknown> | undefined)?.creationTimestamp ?? '');
  return [...entries].sort((a, b) => compareText(ts(a), ts(b)) || compareText(a.ref.name, b.ref.name) || compareText(a.ref.namespace ?? '', b.ref.namespace ?? ''));
}

/** The PeerAuthentications that take part for `w` at each level, oldest first (the first one wins). */
export function candidatesFor(inventory: Inventory, w: Workload): Record<'mesh' | 'namespace' | 'workload', InventoryEntry[]> {
  const all = peerAuthentications(inventory);
  return {
    mesh: oldestFirst(all.filter((pa) => levelOf(inventory, pa) === 'mesh')),
    namespace: oldestFirst(all.filter((pa) => levelOf(inventory, pa) === 'namespace' && pa.ref.namespace === w.namespace)),
    workload: oldestFirst(all.filter((pa) => levelOf(inventory, pa) === 'workload' && pa.ref.namespace === w.namespace && matchesLabels(workloadSelector(pa)!, w.podLabels))),
  };
}

/** The mTLS a workload's inbound resolves to. */
export interface ResolvedMtls {
  readonly mode: MtlsMode;
  /** What decided the mode, e.g. `PeerAuthentication shop/legacy` or Istio's default. */
  readonly source: string;
  /** Port-level modes of the workload policy, `UNSET` resolved to the workload's mode. */
  readonly ports: ReadonlyMap<number, MtlsMode>;
}

/** Resolves mesh → namespace → workload (§b5). */
export function resolveMtls(inventory: Inventory, w: Workload): ResolvedMtls {
  const c = candidatesFor(inventory, w);
  let mode: MtlsMode = 'PERMISSIVE';
  let source = 'Istio\'s default: no PeerAuthentication sets a mode';
  for (const pa of [c.mesh[0], c.namespace[0], c.workload[0]]) {
    if (pa === undefined) continue;
    const m = modeOfPolicy(pa);
    if (m !== 'UNSET') {
      mode = m;
      source = describeRef(pa.ref);
    }
  }
  const ports = new Map<number, MtlsMode>();
  const wl = c.workload[0];
  if (wl !== undefined) {
    for (const [port, value] of Object.entries(objectOf(objectOf(wl.object.spec).portLevelMtls))) {
      const m = writtenMode(objectOf(value).mode);
      if (/^\d+$/.test(port)) ports.set(Number(port), m === 'UNSET' ? mode : m);
    }
  }
  return { mode, source, ports };
}

/** Where a workload accepts plaintext peers. */
export interface PlaintextExposure {
  /** Whether a port without a port-level mode accepts plaintext. */
  readonly byDefault: boolean;
  /** Port-level exceptions: true when the port accepts plaintext. */
  readonly ports: ReadonlyMap<number, boolean>;
  /** Why, for messages. */
  readonly why: string;
}

/**
 * Where `w` accepts peers without a certificate at its enforcement point, or undefined when it
 * requires mTLS everywhere. Proxyless gRPC turns PERMISSIVE into STRICT when the pod carries
 * `security.istio.io/tlsMode: istio` and into DISABLE otherwise (grpcgen `buildInboundFilterChains`).
 */
export function plaintextExposure(inventory: Inventory, w: Workload, kind: EnforcementKind): PlaintextExposure | undefined {
  const r = resolveMtls(inventory, w);
  const autoMtls = w.podLabels['security.istio.io/tlsMode'] === 'istio';
  const weak = (m: MtlsMode) => (kind === 'proxyless' ? m === 'DISABLE' || (m === 'PERMISSIVE' && !autoMtls) : m !== 'STRICT');
  const ports = new Map<number, boolean>();
  for (const [p, m] of r.ports) ports.set(p, weak(m));
  const byDefault = weak(r.mode);
  if (!byDefault && ![...ports.values()].some((x) => x)) return undefined;
  const weakPorts = [...ports].filter(([, x]) => x).map(([p]) => p).sort((a, b) => a - b);
  const why = byDefault
    ? `mTLS resolves to ${r.mode} (${r.source})${kind === 'proxyless' && r.mode === 'PERMISSIVE' ? ', which proxyless gRPC serves as plaintext' : ''}`
    : `port-level mTLS accepts plaintext on port${weakPorts.length === 1 ? '' : 's'} ${weakPorts.join(', ')}`;
  return { byDefault, ports, why };
}

/** Whether a rule limited to `ports` (undefined: every port) can see plaintext peers. */
export function exposedOn(exposure: PlaintextExposure, ports: readonly number[] | undefined): boolean {
  if (ports === undefined) return exposure.byDefault || [...exposure.ports.values()].some((x) => x);
  return ports.some((p) => exposure.ports.get(p) ?? exposure.byDefault);
}
