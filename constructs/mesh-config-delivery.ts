// SPDX-License-Identifier: Apache-2.0
import { checkKnownKeys } from './private/input-checks';

/** Options of `MeshConfigDelivery.sharedConfigMap`. */
export interface SharedMeshConfigOptions {
  /**
   * Name of the ConfigMap; istiod must be started with `SHARED_MESH_CONFIG=<name>`.
   *
   * @default 'cdk8s-mesh-config'
   */
  readonly name?: string;
  /**
   * Namespace of the ConfigMap: istiod's own namespace, where it looks for it.
   *
   * @default - the mesh's root namespace (istiod's namespace in a standard install)
   */
  readonly namespace?: string;
}

/**
 * How the mesh's MeshConfig fragment (`Mesh.meshConfig`: extension providers for access logs,
 * tracing and external authorizers) reaches istiod. Settings in MeshConfig are not custom
 * resources; istiod reads them from ConfigMaps (docs/decisions/0004-mesh-config.md).
 *
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
 */
export abstract class MeshConfigDelivery {
  /**
   * A ConfigMap (`data.mesh`) that istiod merges under its own mesh config when started with
   * the environment variable `SHARED_MESH_CONFIG=<name>` (Helm chart `istiod`:
   * `--set env.SHARED_MESH_CONFIG=<name>`; IstioOperator: `spec.values.pilot.env`). Settings of
   * the installation's own `istio` ConfigMap take precedence; extension providers merge by name.
   */
  public static sharedConfigMap(options: SharedMeshConfigOptions = {}): MeshConfigDelivery {
    return new SharedConfigMapDelivery(options);
  }

  /**
   * No object is emitted: feed `Mesh.meshConfig` to the installation yourself, as the Helm
   * value `meshConfig` of the `istiod` chart or as IstioOperator `spec.meshConfig`.
   */
  public static manual(): MeshConfigDelivery {
    return new ManualDelivery();
  }

  /** Short name of the delivery, as used in reports: `sharedConfigMap` or `manual`. */
  public abstract readonly name: string;

  /**
   * Name and namespace of the ConfigMap to emit; undefined when nothing is emitted.
   * @internal
   */
  public abstract _configMap(rootNamespace: string, path: string): { name: string; namespace: string } | undefined;
}

class SharedConfigMapDelivery extends MeshConfigDelivery {
  public readonly name = 'sharedConfigMap';
  constructor(private readonly options: SharedMeshConfigOptions) {
    super();
  }
  public _configMap(rootNamespace: string, path: string): { name: string; namespace: string } {
    checkKnownKeys(path, 'sharedConfigMap', this.options, ['name', 'namespace']);
    return { name: this.options.name ?? 'cdk8s-mesh-config', namespace: this.options.namespace ?? rootNamespace };
  }
}

class ManualDelivery extends MeshConfigDelivery {
  public readonly name = 'manual';
  public _configMap(): undefined {
    return undefined;
  }
}
