// SPDX-License-Identifier: Apache-2.0

/**
 * What kind of check an object failed.
 */
export enum ConformanceErrorType {
  /**
   * The object has a field its schema does not declare (strict field validation).
   */
  UNKNOWN_FIELD = 'UnknownField',
  /**
   * The object violates its OpenAPI schema: type, enum, pattern, required, bounds, format.
   */
  SCHEMA = 'Schema',
  /**
   * The object's metadata is invalid: name, namespace, labels or annotations.
   */
  METADATA = 'Metadata',
  /**
   * An `x-kubernetes-validations` CEL rule evaluated to false.
   */
  CEL_RULE = 'CelRule',
  /**
   * An `x-kubernetes-validations` CEL rule could not be compiled or evaluated; the
   * API server rejects the object in this case too.
   */
  CEL_EVALUATION = 'CelEvaluation',
  /**
   * Neither the loaded CRDs nor the built-in Kubernetes models define the object's kind.
   */
  NO_SCHEMA = 'NoSchema',
  /**
   * The document is not a Kubernetes object (not a map, or no apiVersion or kind).
   */
  INVALID_OBJECT = 'InvalidObject',
}

/**
 * One reason the API server would reject an object on create.
 */
export interface ConformanceError {
  /**
   * The file the object was read from.
   *
   * @default - the object was not read from a file
   */
  readonly file?: string;

  /**
   * Zero-based position of the object's document in its file.
   *
   * @default - the object was not read from a file
   */
  readonly documentIndex?: number;

  /**
   * 1-based line of the file where the object's document starts.
   *
   * @default - the object was not read from a file
   */
  readonly line?: number;

  /**
   * The object's `apiVersion`, or an empty string when it has none.
   */
  readonly apiVersion: string;

  /**
   * The object's `kind`, or an empty string when it has none.
   */
  readonly kind: string;

  /**
   * The object's `metadata.name` (or `metadata.generateName`), or an empty string when it has none.
   */
  readonly name: string;

  /**
   * The object's `metadata.namespace`.
   *
   * @default - the object sets no namespace
   */
  readonly namespace?: string;

  /**
   * Path of the offending field in the object, e.g. `spec.rules[0].from[0].source.principals[1]`;
   * map entries are written `labels[app]`. An empty string means the object itself.
   */
  readonly path: string;

  /**
   * What is wrong, lower-case, in the API server's words where possible.
   */
  readonly message: string;

  /**
   * Which check failed.
   */
  readonly type: ConformanceErrorType;

  /**
   * The CEL rule that failed, verbatim from the CRD.
   *
   * @default - the error does not come from a CEL rule
   */
  readonly rule?: string;

  /**
   * The rule's `reason` (`FieldValueInvalid`, `FieldValueForbidden`, `FieldValueRequired`,
   * `FieldValueDuplicate`).
   *
   * @default - the error does not come from a CEL rule
   */
  readonly reason?: string;
}
