// SPDX-License-Identifier: Apache-2.0
import type { ProxyModelKind } from '../lib/model/mesh-model';

/**
 * Where the proxy that enforces a service's policies runs (NIST SP 800-233 §3).
 * Chosen per service, with a mesh-wide default.
 *
 * @see https://istio.io/latest/docs/ops/deployment/architecture/
 */
export abstract class ProxyModel {
  /**
   * An Envoy sidecar in every pod of the service, injected because the namespace carries
   * the label `istio-injection: enabled`. Policies attach with `selector`. The only model
   * SP 800-233 accepts for high-risk services.
   */
  public static sidecar(): ProxyModel {
    return new SidecarProxyModel();
  }

  /** Short name of the model, as used in reports: `sidecar`. */
  public abstract readonly name: string;

  /** @internal */
  public abstract _kind(): ProxyModelKind;
}

class SidecarProxyModel extends ProxyModel {
  public readonly name = 'sidecar';
  public _kind(): ProxyModelKind {
    return 'sidecar';
  }
}
