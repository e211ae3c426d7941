// SPDX-License-Identifier: Apache-2.0
import type { IConstruct } from 'constructs';
import type { AccessOptions } from './access';
import type { IPeer } from './peer-config';
import type { MeshServicePort } from './port';
import type { IWorkloadIdentity } from './workload-identity';

/** A service of the mesh, as other services and policies see it. Implemented by `MeshService`. */
export interface IMeshService extends IConstruct, IPeer {
  /** Service name (also the Deployment and ServiceAccount name). */
  readonly name: string;
  /** Namespace of the service. */
  readonly namespace: string;
  /** The workload identity the service's pods present. */
  readonly identity: IWorkloadIdentity;
  /** The ports of the service, with defaults applied. */
  readonly ports: MeshServicePort[];
  /** Admits `peer` to this service on what `options` describes. */
  allowFrom(peer: IPeer, options?: AccessOptions): void;
}
