// SPDX-License-Identifier: Apache-2.0
/**
 * PeerAuthentication resolution (semantics §b5, `ComposePeerAuthentication`): the mesh policy
 * (root namespace, no or empty selector), then the namespace policy (no selector), then the
 * workload policy (a selector, outside the root namespace), the oldest winning at each level;
 * `UNSET` inherits; nothing set means PERMISSIVE. `portLevelMtls` comes only from the workload
 * policy and is keyed by the container port.
 */
import type { InventoryEntry } from '../manifest-object';
import { objectOf } from '../manifest-object';
import { readAttachable } from './policy-reader';
import type { AttachablePolicy } from './policy-model';

/** An mTLS mode. */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** A normalized PeerAuthentication. */
interface PeerAuthenticationModel extends AttachablePolicy {
  readonly mode: MtlsMode;
  /** Container port → mode. */
  readonly ports: ReadonlyMap<number, MtlsMode>;
}

/** The mode that applies to one workload port, and the policy that set it. */
export interface MtlsResolution {
  readonly mode: Exclude<MtlsMode, 'UNSET'>;
  /** `<namespace>/<name>` of the deciding PeerAuthentication; undefined when none is set (PERMISSIVE default). */
  readonly policy?: string;
  /** Whether a `portLevelMtls` entry decided. */
  readonly portLevel: boolean;
}

/** Resolves PeerAuthentication for workloads. */
export class PeerAuthenticationResolver {
  private readonly mesh?: PeerAuthenticationModel;
  private readonly namespaced = new Map<string, PeerAuthenticationModel>();
  private readonly selected = new Map<string, PeerAuthenticationModel[]>();

  constructor(entries: readonly InventoryEntry[], private readonly rootNamespace: string) {
    const models = entries.map(read).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (const p of models) {
      const hasSelector = p.selector !== undefined && Object.keys(p.selector).length > 0;
      if (p.namespace === rootNamespace) {
        // Selector policies in the root namespace are ignored (semantics §b5).
        if (!hasSelector && this.mesh === undefined) this.mesh = p;
      } else if (!hasSelector) {
        if (!this.namespaced.has(p.namespace)) this.namespaced.set(p.namespace, p);
      } else {
        const list = this.selected.get(p.namespace);
        if (list) list.push(p);
        else this.selected.set(p.namespace, [p]);
      }
    }
  }

  /** The mode for container port `port` of a workload in `namespace` with pod `labels`. */
  public resolve(namespace: string, labels: Readonly<Record<string, string>>, port: number): MtlsResolution {
    let mode: Exclude<MtlsMode, 'UNSET'> = 'PERMISSIVE';
    let policy: string | undefined;
    const levels = namespace === this.rootNamespace ? [this.mesh] : [this.mesh, this.namespaced.get(namespace)];
    for (const level of levels) {
      if (level && level.mode !== 'UNSET') {
        mode = level.mode;
        policy = level.id;
      }
    }
    const workload = namespace === this.rootNamespace ? undefined
      : (this.selected.get(namespace) ?? []).find((p) => Object.entries(p.selector!).every(([k, v]) => labels[k] === v));
    if (workload) {
      if (workload.mode !== 'UNSET') {
        mode = workload.mode;
        policy = workload.id;
      }
      const portMode = workload.ports.get(port);
      if (portMode !== undefined && portMode !== 'UNSET') return { mode: portMode, policy: workload.id, portLevel: true };
    }
    return { mode, ...(policy !== undefined ? { policy } : {}), portLevel: false };
  }
}

function read(entry: InventoryEntry): PeerAuthenticationModel {
  const spec = objectOf(entry.object.spec);
  const ports = new Map<number, MtlsMode>();
  for (const [port, value] of Object.entries(objectOf(spec.portLevelMtls))) {
    if (/^\d+$/.test(port)) ports.set(Number(port), modeOf(objectOf(value).mode));
  }
  return { ...readAttachable(entry), mode: modeOf(objectOf(spec.mtls).mode), ports };
}

function modeOf(value: unknown): MtlsMode {
  return value === 'STRICT' || value === 'PERMISSIVE' || value === 'DISABLE' ? value : 'UNSET';
}
