// SPDX-License-Identifier: Apache-2.0
import { activeAccessLogProviders, defaultAccessLogProviders, entriesOf, extensionProvider, isMeshWide, meshConfigSources, telemetries } from './telemetry-helpers';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, type ObjectRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { CREDENTIAL_HEADERS } from '../../../compile/telemetry/access-log-format';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** What a log line must record (SM-DR22b), each with the Envoy command operators that record it. */
const REQUIRED: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'the start time (%START_TIME%)', pattern: /%START_TIME(\([^)]*\))?%/i },
  { what: 'the peer identity (%DOWNSTREAM_PEER_URI_SAN%)', pattern: /%DOWNSTREAM_PEER_URI_SAN%/i },
  { what: 'a request or trace id (%REQ(X-REQUEST-ID)% or %TRACE_ID%)', pattern: /%REQ\(\s*(X-REQUEST-ID|TRACEPARENT)\s*\)(:\d+)?%|%TRACE_ID%/i },
  { what: 'the path (%REQ(:PATH)% or %REQ_WITHOUT_QUERY(...)%)', pattern: /%(REQ|REQ_WITHOUT_QUERY)\([^)]*PATH[^)]*\)(:\d+)?%|%PATH(\([^)]*\))?%/i },
];

/** SM-DR22b: the mesh's access-log format records who, when, which request and where, and no credentials. */
export const LOG_FORMAT: MeshRule = {
  id: 'MESH-TEL-03',
  title: 'The mesh access-log format records time, peer identity, request id and path, and no credentials',
  rationale: 'A log line is only useful for an investigation if it says when, which caller (its verified identity) and which request '
    + '(an id to correlate with traces and other hops); and it must never hold bearer tokens or session cookies, which would turn the '
    + 'log store into a credential store. Istio\'s default format has neither the peer identity nor the trace id.',
  fix: 'keep the SDK\'s access-log provider `cdk8s-mesh-access-log` (turned on by the `Mesh` default `telemetry: { accessLogging: true }`); '
    + 'outside the SDK define a mesh config `extensionProviders[].envoyFileAccessLog.logFormat` (`labels` or `text`) with %START_TIME%, '
    + '%DOWNSTREAM_PEER_URI_SAN%, %REQ(X-REQUEST-ID)% or %TRACE_ID% and the path, without %REQ(AUTHORIZATION)%, %REQ(COOKIE)% or other '
    + 'credential headers, and name it in the mesh-wide Telemetry\'s `accessLogging[].providers`',
  severity: 'warning',
  recommendations: ['SM-DR22b'],
  controls: ['AU-3'],
  target: 'manifest',
  check({ inventory }) {
    if (inventory.applicationWorkloads().length === 0) return [];
    const mesh = telemetries(inventory).find((t) => isMeshWide(inventory, t) && entriesOf(t, 'accessLogging').length > 0);
    const providers = mesh ? activeAccessLogProviders(inventory, entriesOf(mesh, 'accessLogging')) : defaultAccessLogProviders(inventory);
    return providers.map((name) => checkProvider(inventory, name, mesh));
  },
};

function checkProvider(inventory: Inventory, name: string, mesh: InventoryEntry | undefined): Outcome {
  const user = mesh ? `mesh-wide Telemetry ${mesh.ref.namespace}/${mesh.ref.name}` : 'the mesh config\'s default access logging';
  const found = extensionProvider(inventory, name);
  const fallback: ObjectRef = mesh?.ref ?? meshConfigSources(inventory)[0]?.entry.ref ?? { apiVersion: 'v1', kind: 'ConfigMap', name: 'istio', namespace: inventory.rootNamespace };
  if (!found) {
    if (name !== 'envoy') {
      return violation(fallback, `${user} logs through provider ${JSON.stringify(name)}, which no mesh config in these manifests defines, so its format cannot be checked; expected an extensionProviders entry ${JSON.stringify(name)} with an envoyFileAccessLog logFormat`,
        inventory.meshConfig() === undefined ? { severity: 'info' } : {});
    }
    const source = [...meshConfigSources(inventory)].reverse().find((s) => typeof s.mesh.accessLogFormat === 'string' && s.mesh.accessLogFormat !== '');
    if (!source) {
      return violation(fallback, `${user} logs through Istio's built-in "envoy" provider with its default format, which records no peer identity (%DOWNSTREAM_PEER_URI_SAN%); expected a provider with an explicit logFormat`);
    }
    return checkFormat(source.entry.ref, `built-in provider "envoy" (accessLogFormat of ConfigMap ${source.entry.ref.namespace}/${source.entry.ref.name})`, [String(source.mesh.accessLogFormat)]);
  }
  const where = `provider ${JSON.stringify(name)} of ConfigMap ${found.source.ref.namespace}/${found.source.ref.name}`;
  const settings = objectOf(found.provider.envoyFileAccessLog ?? found.provider.envoyOtelAls);
  if (found.provider.envoyFileAccessLog === undefined && found.provider.envoyOtelAls === undefined) {
    return violation(found.source.ref, `${where}, used by ${user}, is not an envoyFileAccessLog or envoyOtelAls provider, so its format cannot be checked here; expected a logFormat with time, peer identity, request id and path`, { severity: 'info' });
  }
  const format = objectOf(settings.logFormat);
  const parts = typeof format.text === 'string' ? [format.text] : Object.values(stringMap(format.labels));
  if (parts.length === 0) {
    return violation(found.source.ref, `${where}, used by ${user}, sets no logFormat and so writes Istio's default format, which records no peer identity (%DOWNSTREAM_PEER_URI_SAN%); expected an explicit logFormat`);
  }
  return checkFormat(found.source.ref, where, parts);
}

function checkFormat(subject: ObjectRef, where: string, parts: readonly string[]): Outcome {
  const text = parts.join(' ');
  const leaks = credentialOperators(text);
  const missing = REQUIRED.filter((r) => !r.pattern.test(text)).map((r) => r.what);
  const problems = [
    ...(leaks.length > 0 ? [`logs credentials with ${JSON.stringify(leaks)}`] : []),
    ...(missing.length > 0 ? [`has a log format without ${missing.join(', ')}`] : []),
  ];
  if (problems.length > 0) return violation(subject, `${where} ${problems.join(' and ')}; expected the start time, peer identity, a request or trace id and the path in every line, and no Authorization, Cookie or other credential header`);
  return compliant(subject, `${where} records the start time, the peer identity, a request or trace id and the path, and no credential header`);
}

/** Header command operators (`%REQ(...)%`, `%RESP(...)%`, `%TRAILER(...)%`, also as `?` alternatives) that read a credential header. */
function credentialOperators(text: string): string[] {
  const out: string[] = [];
  for (const [full, , args] of text.matchAll(/%(REQ|RESP|TRAILER|REQ_WITHOUT_QUERY)\(([^)]*)\)(:\d+)?%/gi)) {
    if (args.split('?').some((h) => CREDENTIAL_HEADERS.includes(h.trim().toLowerCase()))) out.push(full);
  }
  return [...new Set(out)];
}
