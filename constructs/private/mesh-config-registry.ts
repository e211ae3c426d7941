// SPDX-License-Identifier: Apache-2.0
/**
 * How constructs contribute MeshConfig fields (extension providers for access logs, tracing,
 * external authorizers) to their mesh, without importing `mesh.ts`: the Mesh binds a
 * collector here when constructed; contributors look it up by mesh.
 */
import { ApiObject, Lazy } from 'cdk8s';
import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import { mergeMeshConfig } from '../../lib/compile/mesh-config/merge-mesh-config';
import { sharedMeshConfigMap } from '../../lib/compile/mesh-config/shared-mesh-config-map';
import { MeshError } from '../../lib/model/errors';
import type { JsonObject, MeshConfigContribution } from '../../lib/model/mesh-config';
import type { IMesh } from '../i-mesh';

/** Where the merged fragment goes: a shared mesh config ConfigMap, or nowhere (manual delivery). */
export interface MeshConfigTarget {
  readonly name: string;
  readonly namespace: string;
}

/**
 * The contributions of one mesh. Each contribution is merged with the others when it is
 * added, so a conflict fails at the line that caused it; the ConfigMap is created with the
 * first contribution that is not empty, its content computed at synth time.
 */
export class MeshConfigCollector {
  private readonly contributions: MeshConfigContribution[] = [];
  private readonly claims = new Map<string, string>();
  private emitted = false;

  constructor(private readonly scope: Construct, private readonly target: MeshConfigTarget | undefined) {}

  /** Adds a contribution; throws a MeshError when it conflicts with an earlier one. */
  public contribute(contribution: MeshConfigContribution): void {
    const merged = mergeMeshConfig([...this.contributions, contribution]);
    this.contributions.push(contribution);
    if (!this.emitted && this.target && Object.keys(merged).length > 0) {
      this.emitted = true;
      const { name, namespace } = this.target;
      const manifest = sharedMeshConfigMap(name, namespace, '');
      new ApiObject(this.scope, 'MeshConfig', {
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        metadata: manifest.metadata,
        data: Lazy.any({ produce: () => sharedMeshConfigMap(name, namespace, renderMeshText(this.fragment())).data }),
      });
    }
  }

  /**
   * Records that the one object of a kind per mesh (e.g. the mesh-wide Telemetry) is taken
   * by the construct at `path`; a second claim is a MeshError.
   */
  public claim(what: string, path: string, fix: string): void {
    const owner = this.claims.get(what);
    if (owner !== undefined) {
      throw new MeshError({ path, problem: `second ${what} for the mesh`, value: path, expected: `one ${what} per mesh (already defined by ${owner})`, fix });
    }
    this.claims.set(what, path);
  }

  /** The merged fragment: a fresh plain object on every call. */
  public fragment(): JsonObject {
    return mergeMeshConfig(this.contributions);
  }
}

/** `data.mesh` of the ConfigMap: YAML, never folded, keys in the merge's sorted order. */
export function renderMeshText(fragment: JsonObject): string {
  return stringify(fragment, { lineWidth: 0 });
}

const COLLECTORS = new WeakMap<IMesh, MeshConfigCollector>();

/** Called once by the Mesh constructor. */
export function bindMeshConfig(mesh: IMesh, collector: MeshConfigCollector): void {
  COLLECTORS.set(mesh, collector);
}

/** The mesh config collector of `mesh`; a MeshError when it is not a `Mesh` of this library. */
export function meshConfigOf(mesh: IMesh, path: string): MeshConfigCollector {
  const collector = COLLECTORS.get(mesh);
  if (!collector) {
    throw new MeshError({
      path,
      problem: 'mesh is not a cdk8s-mesh Mesh',
      value: mesh?.node?.path ?? String(mesh),
      expected: 'a Mesh created with new Mesh(...)',
      fix: 'pass the Mesh construct as `mesh`',
    });
  }
  return collector;
}
