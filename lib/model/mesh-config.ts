// SPDX-License-Identifier: Apache-2.0
/**
 * What constructs contribute to Istio's MeshConfig (`istio.mesh.v1alpha1.MeshConfig`): the
 * settings that are not custom resources, such as `extensionProviders`. Plain data; the merge
 * and the emitted ConfigMap live in `lib/compile/mesh-config/`.
 */

/** A JSON value, as MeshConfig YAML carries it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object with string keys. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * The kinds of `meshConfig.extensionProviders[]` entry, named as the provider's oneof field
 * in the MeshConfig YAML (`envoyFileAccessLog: {…}`, `opentelemetry: {…}`, …).
 */
export type ExtensionProviderKind =
  | 'envoyFileAccessLog'
  | 'envoyExtAuthzGrpc'
  | 'envoyExtAuthzHttp'
  | 'envoyOtelAls'
  | 'opentelemetry'
  | 'zipkin';

/** One `meshConfig.extensionProviders[]` entry: `{ name, <kind>: settings }`. */
export interface ExtensionProviderModel {
  /** Unique name; Telemetry and CUSTOM AuthorizationPolicies reference the provider by it. */
  readonly name: string;
  readonly kind: ExtensionProviderKind;
  /** The provider's settings, the value of the `<kind>` field. */
  readonly settings: JsonObject;
}

/** What one construct adds to the mesh config. */
export interface MeshConfigContribution {
  /** Construct path of the contributor, named in conflict messages. */
  readonly source: string;
  /** Extension providers; merged with every other contribution by name. */
  readonly extensionProviders?: readonly ExtensionProviderModel[];
  /**
   * Other top-level MeshConfig fields (`accessLogEncoding`, `defaultConfig`, …), merged
   * deeply: objects merge key by key, any other value must be equal in every contribution.
   */
  readonly fields?: JsonObject;
}
