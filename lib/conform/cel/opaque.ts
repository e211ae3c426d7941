// SPDX-License-Identifier: Apache-2.0
import { CelMap, CelMapType, CelScalar, celMap, mapType } from '@bufbuild/cel';

/**
 * Kubernetes' CEL libraries have opaque types (URL, IP, CIDR, Quantity). `@bufbuild/cel`
 * only knows protobuf messages as object types, so an opaque value is a one-entry CEL map
 * `{"@<kind>": <canonical text>}` (which gives value equality for `==`) whose payload is kept
 * on the side. Methods are declared on `map(dyn, dyn)` and check the kind at run time.
 */
export const OPAQUE: CelMapType = mapType(CelScalar.DYN, CelScalar.DYN);

const payloads = new WeakMap<object, { readonly kind: string; readonly value: unknown }>();

/** Wraps a payload as a CEL value of the given opaque kind. */
export function opaque(kind: string, canonical: string, value: unknown): CelMap {
  const m = celMap(new Map<string, string>([[`@${kind}`, canonical]]));
  payloads.set(m, { kind, value });
  return m;
}

/** The payload of an opaque value of the given kind, or `undefined` for any other value. */
export function payloadOf<T>(v: unknown, kind: string): T | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const p = payloads.get(v);
  return p && p.kind === kind ? (p.value as T) : undefined;
}

/** The payload of an opaque value of the given kind; throws "no such overload" otherwise. */
export function expectPayload<T>(v: unknown, kind: string, fn: string): T {
  const p = payloadOf<T>(v, kind);
  if (p === undefined) throw new Error(`no such overload: ${fn} applied to a value that is not a ${kind}`);
  return p;
}
