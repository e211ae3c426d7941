// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of the workload rules: a workload's containers with the security context they
 * run with, the hardening exceptions the SDK recorded, and the Services of application workloads.
 */
import type { Inventory, ServiceInfo, Workload } from '../../../analyze/inventory';
import { arrayOf, objectOf, stringMap } from '../../../analyze/manifest-object';

/** Annotation prefix of hardening exceptions recorded by `mesh.addService(..., { hardeningExceptions })`. */
export const HARDENING_EXCEPTION_PREFIX = 'mesh.cdk8s.io/hardening-exception.';

/** The hardening exceptions the SDK can record (suffix of the annotation key). */
export type HardeningException = 'run-as-root' | 'writable-root-filesystem' | 'allow-privilege-escalation';

/** One container of a pod template. */
export interface ContainerInfo {
  readonly name: string;
  /** `initContainers` rather than `containers`. */
  readonly init: boolean;
  /** The container's own `securityContext`. */
  readonly securityContext: Readonly<Record<string, unknown>>;
  /** The pod's `securityContext` (its `runAsNonRoot`, `runAsUser` apply unless the container overrides them). */
  readonly podSecurityContext: Readonly<Record<string, unknown>>;
}

/** The containers and init containers of a workload's pod template. */
export function containersOf(w: Workload): ContainerInfo[] {
  const podSecurityContext = objectOf(w.podSpec.securityContext);
  const read = (list: unknown, init: boolean): ContainerInfo[] => arrayOf(list).map((c, i) => {
    const x = objectOf(c);
    return { name: typeof x.name === 'string' && x.name !== '' ? x.name : `#${i}`, init, securityContext: objectOf(x.securityContext), podSecurityContext };
  });
  return [...read(w.podSpec.containers, false), ...read(w.podSpec.initContainers, true)];
}

/** How a container is named in messages: `container "app"` or `init container "setup"`. */
export function containerLabel(c: ContainerInfo): string {
  return `${c.init ? 'init container' : 'container'} ${JSON.stringify(c.name)}`;
}

/** A field of the container's security context, else the pod's (for fields both levels have). */
export function effective(c: ContainerInfo, field: 'runAsNonRoot' | 'runAsUser'): unknown {
  return c.securityContext[field] !== undefined ? c.securityContext[field] : c.podSecurityContext[field];
}

/**
 * The written justification of a hardening exception, from the workload's annotations (where
 * the SDK records it) or its pod template's; `undefined` when there is none.
 */
export function hardeningJustification(w: Workload, exception: HardeningException): string | undefined {
  const key = HARDENING_EXCEPTION_PREFIX + exception;
  const reason = stringMap(w.entry.object.metadata?.annotations)[key] ?? w.podAnnotations[key];
  return reason !== undefined && reason.trim() !== '' ? reason.trim() : undefined;
}

/** Services that select at least one application workload, with those workloads. */
export function applicationServices(inventory: Inventory): { service: ServiceInfo; workloads: Workload[] }[] {
  const apps = inventory.applicationWorkloadSet();
  return inventory.services.flatMap((service) => {
    const workloads = inventory.workloadsOf(service).filter((w) => apps.has(w));
    return workloads.length === 0 ? [] : [{ service, workloads }];
  });
}

/** `ns/name` of a workload. */
export function workloadName(w: Workload): string {
  return `${w.namespace}/${w.name}`;
}
