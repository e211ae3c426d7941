// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../../model/errors';
import type { ExtensionProviderModel, JsonObject, JsonValue, MeshConfigContribution } from '../../model/mesh-config';
import { isDns1123Subdomain } from '../../model/names';

/**
 * Extension providers every istiod defines (`pkg/config/mesh.DefaultMeshConfig`). A provider
 * of the same name in a mesh config replaces the built-in one, so contributions may not use them.
 */
export const ISTIO_BUILTIN_PROVIDERS: readonly string[] = ['envoy', 'prometheus', 'stackdriver'];

/**
 * Merges the contributions into one MeshConfig fragment, independent of their order:
 * `extensionProviders` sorted by name (a provider contributed twice with the same settings
 * appears once), every other field merged deeply, and all object keys sorted.
 *
 * Throws a MeshError naming both contributors when two providers share a name but differ, or
 * when two contributions set the same field to different values.
 */
export function mergeMeshConfig(contributions: readonly MeshConfigContribution[]): JsonObject {
  const providers = new Map<string, { provider: ExtensionProviderModel; source: string }>();
  let fields: Record<string, JsonValue> = {};
  const fieldSources = new Map<string, string>();
  for (const c of contributions) {
    for (const p of c.extensionProviders ?? []) {
      checkProviderName(c.source, p.name);
      const seen = providers.get(p.name);
      if (!seen) {
        providers.set(p.name, { provider: p, source: c.source });
      } else if (canonicalText(renderProvider(seen.provider)) !== canonicalText(renderProvider(p))) {
        throw new MeshError({
          path: c.source,
          problem: `conflicting mesh config extension provider "${p.name}"`,
          value: renderProvider(p),
          expected: `the same settings as the provider of that name contributed by ${seen.source}: ${canonicalText(renderProvider(seen.provider))}`,
          fix: 'give one of the providers another name, or configure both with the same settings',
        });
      }
    }
    if (c.fields && 'extensionProviders' in c.fields) {
      throw new MeshError({
        path: c.source,
        problem: 'extensionProviders given as a plain mesh config field',
        value: c.fields.extensionProviders,
        expected: 'extension providers in the contribution\'s `extensionProviders` list, which merges them by name',
        fix: 'move the providers to `extensionProviders`',
      });
    }
    fields = mergeObject(fields, c.fields ?? {}, '', c.source, fieldSources) as Record<string, JsonValue>;
  }
  const sortedProviders = [...providers.keys()].sort(compareText).map((name) => renderProvider(providers.get(name)!.provider));
  const sortedFields = canonical(fields) as JsonObject;
  const keys = Object.keys(sortedFields).concat(sortedProviders.length > 0 ? ['extensionProviders'] : []).sort(compareText);
  const out: Record<string, JsonValue> = {};
  for (const key of keys) out[key] = key === 'extensionProviders' ? sortedProviders : sortedFields[key];
  return out;
}

/** `{ name, <kind>: settings }`, as MeshConfig YAML writes a provider (name first, settings' keys sorted). */
export function renderProvider(p: ExtensionProviderModel): JsonObject {
  return { name: p.name, [p.kind]: canonical(p.settings) };
}

/** A deep copy of `value` with every object's keys sorted (arrays keep their order). */
export function canonical(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort(compareText)) out[key] = canonical(value[key]);
    return out;
  }
  return value;
}

function canonicalText(value: JsonValue): string {
  return JSON.stringify(canonical(value));
}

function checkProviderName(source: string, name: string): void {
  if (typeof name !== 'string' || !isDns1123Subdomain(name)) {
    throw new MeshError({
      path: source,
      problem: 'invalid extension provider name',
      value: name,
      expected: 'lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters',
      fix: 'name the provider e.g. "ext-authz-opa"',
    });
  }
  if (ISTIO_BUILTIN_PROVIDERS.includes(name)) {
    throw new MeshError({
      path: source,
      problem: 'extension provider name taken by an Istio built-in provider',
      value: name,
      expected: `a name other than ${ISTIO_BUILTIN_PROVIDERS.join(', ')} (a provider of that name would replace istiod's built-in one)`,
      fix: 'give the provider another name',
    });
  }
}

function mergeObject(into: JsonObject, from: JsonObject, at: string, source: string, sources: Map<string, string>): JsonObject {
  const out: Record<string, JsonValue> = { ...into };
  for (const key of Object.keys(from)) {
    const field = at === '' ? key : `${at}.${key}`;
    const next = from[key];
    const prev = out[key];
    if (prev === undefined) {
      out[key] = next;
      recordSources(field, next, source, sources);
    } else if (isObject(prev) && isObject(next)) {
      out[key] = mergeObject(prev, next, field, source, sources);
    } else if (canonicalText(prev) !== canonicalText(next)) {
      const first = sources.get(field) ?? 'another contribution';
      throw new MeshError({
        path: source,
        problem: `conflicting mesh config field ${field}`,
        value: next,
        expected: `${canonicalText(prev)}, the value set by ${first}`,
        fix: `set ${field} in one place only, or to the same value in both`,
      });
    }
  }
  return out;
}

/** Remembers which contribution set each leaf, to name it in conflicts. */
function recordSources(field: string, value: JsonValue, source: string, sources: Map<string, string>): void {
  if (!sources.has(field)) sources.set(field, source);
  if (isObject(value)) for (const key of Object.keys(value)) recordSources(`${field}.${key}`, value[key], source, sources);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Locale-independent string order, so output never depends on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
