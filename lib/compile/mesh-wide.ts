// SPDX-License-Identifier: Apache-2.0
import { ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest, type PeerAuthenticationSpec } from './manifest';
import type { MeshSettingsModel } from '../model/mesh-model';

/** Name of the per-namespace default-deny policy. Part of the output contract. */
export const ALLOW_NOTHING_POLICY = 'allow-nothing';

/**
 * Mesh-wide STRICT mutual TLS (SP 800-204A SM-DR5): a PeerAuthentication named `default`
 * in the root namespace applies to every workload that has no narrower one.
 */
export function meshWideMtls(mesh: MeshSettingsModel): Manifest<PeerAuthenticationSpec> {
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: mesh.rootNamespace },
    spec: { mtls: { mode: 'STRICT' } },
  };
}

/**
 * Default deny for one namespace (SP 800-204B, DESIGN.md decision 5): an ALLOW policy with
 * no rules matches nothing, so once it exists only explicit ALLOW policies admit requests.
 */
export function allowNothing(namespace: string): Manifest<AuthorizationPolicySpec> {
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: ALLOW_NOTHING_POLICY, namespace },
    // ALLOW with no rules matches nothing; the action is stated so reviewers need not know the default (APE-SR-1).
    spec: { action: 'ALLOW' },
  };
}
