// SPDX-License-Identifier: Apache-2.0
import type { Capabilities } from './capabilities';
import type { Manifest } from './manifest';
import type { AccessRuleModel, MeshModel, MeshSettingsModel, ProxyModelKind, ServiceModel } from '../model/mesh-model';

/**
 * What every proxy-model backend implements (SP 800-233): the namespace labels that put
 * workloads on the model, and the objects that enforce a service's access intent.
 * Compilers are pure: same model in, same objects out, in a stable order.
 */
export interface MeshBackend {
  readonly kind: ProxyModelKind;
  /** What the model enforces for a service (with or without a waypoint, for ambient). */
  capabilities(waypoint: boolean): Capabilities;
  /**
   * Whether the workloads present an Istio mTLS identity when they call other services; a
   * server that enforces STRICT mTLS and principals cannot admit a caller without one.
   */
  readonly presentsMeshIdentity: boolean;
  /** Labels on the Namespace object when every mesh service in it uses this model. */
  namespaceLabels(): Readonly<Record<string, string>>;
  /** Labels on the service's pods that enrol them in this model, whatever the namespace says. */
  podLabels(service: ServiceModel): Readonly<Record<string, string>>;
  /** Annotations on the service's pods. */
  podAnnotations(service: ServiceModel): Readonly<Record<string, string>>;
  /** Labels on the service's Kubernetes Service (e.g. waypoint binding). */
  serviceLabels(service: ServiceModel): Readonly<Record<string, string>>;
  /**
   * Why the service itself cannot run on this model (e.g. a non-gRPC port on proxyless), or
   * undefined when it can. Checked when the service is created.
   */
  serviceProblem(service: ServiceModel): ServiceProblem | undefined;
  /**
   * Why one rule cannot be rendered for this model although its features are enforced (e.g. a
   * path template gRPC cannot parse), or undefined. Checked before the rule is recorded.
   */
  ruleProblem?(rule: AccessRuleModel): RuleProblem | undefined;
  /** What `ruleProblem` refuses, in words, for the generated feature table. */
  readonly ruleLimits?: readonly string[];
  /**
   * The objects `compileService` returns for this service, from the service's own intent only
   * (cheap: called after every change; constructs create their ApiObjects eagerly with lazy specs).
   * Slots may only grow as intent is added: an announced object can never be withdrawn.
   */
  objectSlots(mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[];
  /**
   * The objects that enforce the service's access intent, one per slot in `objectSlots`, with
   * the whole mesh in view (a policy may depend on how its peers are deployed).
   */
  compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[];
}

/** Identity of an emitted object: what a construct needs to create the ApiObject early. */
export interface ObjectSlot {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels known when the object is created (e.g. `istio.io/waypoint-for`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations known when the object is created (e.g. `istio.io/dry-run`). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A reason a rule cannot be rendered for a proxy model. */
export type RuleProblem = ServiceProblem;

/** A reason a service cannot run on a proxy model. */
export interface ServiceProblem {
  readonly problem: string;
  readonly value: unknown;
  readonly expected: string;
  readonly fix: string;
}
