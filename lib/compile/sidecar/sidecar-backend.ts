// SPDX-License-Identifier: Apache-2.0
import { mergeAllowRules } from '../access-rules';
import type { MeshBackend, ObjectSlot } from '../backend';
import { ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest } from '../manifest';
import type { MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Name of a service's ALLOW policy. Part of the output contract. */
export function allowPolicyName(service: ServiceModel): string {
  return `${service.name}-allow`;
}

/**
 * SP 800-233 sidecar model: an Envoy proxy in every pod, injected by namespace label;
 * access intent becomes one ALLOW AuthorizationPolicy per service, attached with `selector`.
 */
export class SidecarBackend implements MeshBackend {
  public readonly kind = 'sidecar' as const;

  public namespaceLabels(): Readonly<Record<string, string>> {
    return { 'istio-injection': 'enabled' };
  }

  public objectSlots(_mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    if (service.access.length === 0) return [];
    return [{ apiVersion: ISTIO_SECURITY_API, kind: 'AuthorizationPolicy', name: allowPolicyName(service), namespace: service.namespace }];
  }

  public compileService(mesh: MeshSettingsModel, service: ServiceModel): readonly Manifest[] {
    if (service.access.length === 0) return [];
    const policy: Manifest<AuthorizationPolicySpec> = {
      apiVersion: ISTIO_SECURITY_API,
      kind: 'AuthorizationPolicy',
      metadata: { name: allowPolicyName(service), namespace: service.namespace },
      spec: {
        selector: { matchLabels: { ...service.selector } },
        action: 'ALLOW',
        rules: mergeAllowRules(mesh.trustDomain, service),
      },
    };
    return [policy];
  }
}
