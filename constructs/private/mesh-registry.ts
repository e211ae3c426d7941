// SPDX-License-Identifier: Apache-2.0
/**
 * How services join a mesh without `mesh-service.ts` importing `mesh.ts` (which imports it):
 * the Mesh binds its hooks here when constructed, services look them up by mesh.
 */
import type { IConstruct } from 'constructs';
import type { ExternalServiceModel } from '../../lib/model/egress-model';
import { MeshError } from '../../lib/model/errors';
import type { MeshModel, MeshSettingsModel, ServiceModel } from '../../lib/model/mesh-model';
import type { IMesh } from '../i-mesh';

/** What the mesh needs from a service it registers. */
export interface RegisteredService extends IConstruct {
  readonly name: string;
  readonly namespace: string;
  /** @internal */
  _toModel(): ServiceModel;
}

/** What a mesh offers its services. */
export interface MeshHooks {
  /** Adds the service (throws on duplicates) and enrols its namespace. */
  register(service: RegisteredService): void;
  /** Mesh-wide settings for the compilers. */
  settings(): MeshSettingsModel;
  /** The whole intent, collected once per change (compilers read it at synth). */
  model(): MeshModel;
  /** Tells the mesh that a service's intent changed (invalidates the collected model). */
  changed(): void;
  /** Adds an external service (throws on duplicates). */
  registerExternal(external: RegisteredExternal): void;
  /**
   * Makes the mesh manage `namespace` (Namespace object, default deny, Sidecar) for a construct
   * other than a service, e.g. a gateway; throws when it cannot.
   */
  enrolNamespace(namespace: string, path: string): void;
}

/** What the mesh needs from an external service it registers. */
export interface RegisteredExternal extends IConstruct {
  readonly name: string;
  readonly namespace: string;
  /** @internal */
  _toModel(): ExternalServiceModel;
}

const HOOKS = new WeakMap<IMesh, MeshHooks>();

/** Called once by the Mesh constructor. */
export function bindMesh(mesh: IMesh, hooks: MeshHooks): void {
  HOOKS.set(mesh, hooks);
}

/** The hooks of `mesh`; a MeshError when it is not a `Mesh` of this library. */
export function meshHooks(mesh: IMesh, path: string): MeshHooks {
  const hooks = HOOKS.get(mesh);
  if (!hooks) {
    throw new MeshError({
      path,
      problem: 'mesh is not a cdk8s-mesh Mesh',
      value: mesh?.node?.path ?? String(mesh),
      expected: 'a Mesh created with new Mesh(...)',
      fix: 'pass the Mesh construct as `mesh` (or use mesh.addService)',
    });
  }
  return hooks;
}

const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Claims `key` (e.g. `namespace shop`) for `owner` within the app `owner` belongs to; returns
 * the path of the construct that claimed it first, or undefined when the claim succeeded.
 * Two meshes in one app must not emit the same mesh-wide or per-namespace objects.
 */
export function claimInApp(owner: IConstruct, key: string): string | undefined {
  const root = owner.node.root;
  let claims = CLAIMS.get(root);
  if (!claims) {
    claims = new Map();
    CLAIMS.set(root, claims);
  }
  const holder = claims.get(key);
  if (holder !== undefined && holder !== owner.node.path) return holder;
  claims.set(key, owner.node.path);
  return undefined;
}
