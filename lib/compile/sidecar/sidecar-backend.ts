// SPDX-License-Identifier: Apache-2.0
import type { MeshBackend, ObjectSlot } from '../backend';
import { FEATURES, type Capabilities } from '../capabilities';
import { istioPolicies, istioPolicySlots } from '../istio-policies';
import type { Manifest } from '../manifest';
import type { MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Every feature is enforced. */
export const ALL_ENFORCED: Capabilities = Object.fromEntries(FEATURES.map((f) => [f.id, true])) as unknown as Capabilities;

/**
 * SP 800-233 sidecar model: an Envoy proxy in every pod (injected by namespace or pod label);
 * access intent becomes one AuthorizationPolicy per action (and dry-run flag), attached with
 * `selector`, and end-user tokens are validated by the service's own RequestAuthentication.
 */
export class SidecarBackend implements MeshBackend {
  public readonly kind = 'sidecar' as const;
  public readonly presentsMeshIdentity = true;

  public capabilities(): Capabilities {
    return ALL_ENFORCED;
  }

  public namespaceLabels(): Readonly<Record<string, string>> {
    return { 'istio-injection': 'enabled' };
  }

  public podLabels(): Readonly<Record<string, string>> {
    return { 'sidecar.istio.io/inject': 'true' };
  }

  public podAnnotations(): Readonly<Record<string, string>> {
    return {};
  }

  public serviceProblem(): undefined {
    return undefined;
  }

  public serviceLabels(): Readonly<Record<string, string>> {
    return {};
  }

  public objectSlots(_mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    return istioPolicySlots(service);
  }

  public compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[] {
    return istioPolicies(mesh, service, { selector: service.selector });
  }
}
