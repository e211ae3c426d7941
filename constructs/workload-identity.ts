// SPDX-License-Identifier: Apache-2.0
import { Construct, type IConstruct } from 'constructs';
import type { IdentityConfig, IPeer, PeerConfig } from './peer-config';
import { checkName, checkTrustDomain } from './private/input-checks';

/**
 * A workload identity: a Kubernetes service account, presented by the proxy as the X.509
 * SPIFFE id `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccountName>` (SP 800-207A).
 */
export interface IWorkloadIdentity extends IConstruct, IPeer {
  /** Name of the service account. */
  readonly serviceAccountName: string;
  /** Namespace of the service account. */
  readonly namespace: string;
  /**
   * Trust domain that issues the identity.
   *
   * @default - the trust domain of the mesh whose policy references it
   */
  readonly trustDomain?: string;
  /**
   * The SPIFFE id `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccountName>`.
   *
   * @param meshTrustDomain trust domain of the referencing mesh, used when the identity names none
   */
  spiffeId(meshTrustDomain: string): string;
}

/** Options for `WorkloadIdentity.fromServiceAccountName`. */
export interface WorkloadIdentityImportOptions {
  /** Namespace of the service account. */
  readonly namespace: string;
  /**
   * Trust domain that issues the identity, for workloads of another mesh.
   *
   * @default - the trust domain of the mesh whose policy references it
   */
  readonly trustDomain?: string;
}

/** Properties of a `WorkloadIdentity`. */
export interface WorkloadIdentityProps {
  /** Name of the service account. */
  readonly serviceAccountName: string;
  /** Namespace of the service account. */
  readonly namespace: string;
  /**
   * Trust domain that issues the identity.
   *
   * @default - the trust domain of the mesh whose policy references it
   */
  readonly trustDomain?: string;
}

/**
 * The SPIFFE identity of a mesh service. Every `MeshService` owns one (its dedicated
 * service account); existing service accounts come in through `fromServiceAccountName`.
 * Policies reference identities as objects, never as principal strings.
 *
 * @see https://istio.io/latest/docs/concepts/security/#istio-identity
 */
export class WorkloadIdentity extends Construct implements IWorkloadIdentity {
  /**
   * References an existing service account, e.g. a workload not managed by this mesh.
   * Renders as the principal `<trustDomain>/ns/<namespace>/sa/<name>`.
   */
  public static fromServiceAccountName(scope: Construct, id: string, serviceAccountName: string, options: WorkloadIdentityImportOptions): IWorkloadIdentity {
    return new WorkloadIdentity(scope, id, { serviceAccountName, ...options });
  }

  /** Name of the service account. */
  public readonly serviceAccountName: string;
  /** Namespace of the service account. */
  public readonly namespace: string;
  /** Trust domain that issues the identity; undefined means the referencing mesh's. */
  public readonly trustDomain?: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    checkName(this.node.path, 'service account name', props.serviceAccountName, 'serviceAccountName', 'dns1123-subdomain');
    checkName(this.node.path, 'namespace', props.namespace, 'namespace', 'dns1123-label');
    if (props.trustDomain !== undefined) checkTrustDomain(this.node.path, props.trustDomain);
    this.serviceAccountName = props.serviceAccountName;
    this.namespace = props.namespace;
    this.trustDomain = props.trustDomain;
  }

  /** The SPIFFE id, given the trust domain of the mesh that references this identity. */
  public spiffeId(meshTrustDomain: string): string {
    return `spiffe://${this.trustDomain ?? meshTrustDomain}/ns/${this.namespace}/sa/${this.serviceAccountName}`;
  }

  public toPeerConfig(): PeerConfig {
    const identity: IdentityConfig = {
      namespace: this.namespace,
      serviceAccount: this.serviceAccountName,
      ...(this.trustDomain ? { trustDomain: this.trustDomain } : {}),
    };
    return { label: `${this.namespace}/sa/${this.serviceAccountName}`, identities: [identity] };
  }
}
