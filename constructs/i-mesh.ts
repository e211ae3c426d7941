// SPDX-License-Identifier: Apache-2.0
import type { IConstruct } from 'constructs';
import type { ProxyModel } from './proxy-model';
import type { RiskProfile } from './risk-profile';

/** A mesh, as services and policies see it. Implemented by `Mesh`. */
export interface IMesh extends IConstruct {
  /** Trust domain of the mesh: the authority part of every SPIFFE id it issues. */
  readonly trustDomain: string;
  /** Istio's root namespace, whose policies apply mesh-wide. */
  readonly rootNamespace: string;
  /** DNS suffix of the cluster's services (`<svc>.<ns>.svc.<clusterDomain>`). */
  readonly clusterDomain: string;
  /** Risk profile of services that don't set their own. */
  readonly defaultRiskProfile: RiskProfile;
  /** Proxy model of services that don't set their own. */
  readonly defaultProxyModel: ProxyModel;
}
