// SPDX-License-Identifier: Apache-2.0
import { Construct, type IConstruct } from 'constructs';
import type { IdentityConfig, IPeer, PeerConfig } from './peer';
import { MeshError } from '../lib/model/errors';
import { isDns1123Label, isDns1123Subdomain, suggestDns1123Label } from '../lib/model/names';

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

  public readonly serviceAccountName: string;
  public readonly namespace: string;
  public readonly trustDomain?: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    checkName(this.node.path, 'service account name', props.serviceAccountName, 'serviceAccountName', isDns1123Subdomain);
    checkName(this.node.path, 'namespace', props.namespace, 'namespace', isDns1123Label);
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

/** Eager check of a Kubernetes name; throws a MeshError naming the prop and the fix. */
export function checkName(path: string, what: string, value: string, prop: string, valid: (v: string) => boolean): void {
  if (typeof value === 'string' && valid(value)) return;
  const label = valid === isDns1123Label;
  throw new MeshError({
    path,
    problem: `invalid ${what}`,
    value,
    expected: label
      ? 'a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters'
      : 'a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\', at most 253 characters',
    fix: `set ${prop} to a valid name, e.g. ${JSON.stringify(suggestDns1123Label(String(value)))}`,
  });
}

/** SPIFFE trust domains: lower-case letters, digits, '.', '-' and '_' (SPIFFE-ID spec §2.1). */
export function checkTrustDomain(path: string, value: string): void {
  if (/^[a-z0-9._-]{1,255}$/.test(value)) return;
  throw new MeshError({
    path,
    problem: 'invalid trust domain',
    value,
    expected: 'a SPIFFE trust domain: lower-case letters, digits, \'.\', \'-\' and \'_\', e.g. "cluster.local"',
    fix: 'set trustDomain to the trust domain of the Istio installation (meshConfig.trustDomain)',
  });
}
