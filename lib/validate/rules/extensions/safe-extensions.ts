// SPDX-License-Identifier: Apache-2.0
import { type InventoryEntry, arrayOf, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** Filter names of Envoy's Lua HTTP filter (current and legacy). */
const LUA_FILTER_NAMES = new Set(['envoy.filters.http.lua', 'envoy.lua']);

/** SM-DR4: proxy extensions run sandboxed (Wasm) and pinned, never as inline Lua. */
export const SAFE_EXTENSIONS: MeshRule = {
  id: 'MESH-EXT-01',
  title: 'Proxy extensions are sandboxed Wasm modules pinned by digest, and no EnvoyFilter inserts Lua',
  rationale: 'Code running inside the proxy sees every request and credential that passes through it. Lua filters run unsandboxed inside '
    + 'Envoy and are injected as raw EnvoyFilter text nobody reviews; Wasm modules run in a sandbox, but only a pinned digest guarantees '
    + 'that the module the proxies load is the one that was reviewed, not whatever the registry serves today.',
  fix: 'replace Lua EnvoyFilters with a WasmPlugin, and pin every WasmPlugin: set `spec.sha256` to the module\'s digest or reference the '
    + 'image by digest (`url: oci://registry/module@sha256:...`); for Wasm loaded through an EnvoyFilter set `sha256` on the remote code '
    + 'source. The SDK emits no EnvoyFilter or WasmPlugin; add them with care through `ApiObject`s',
  severity: 'warning',
  recommendations: ['SM-DR4'],
  controls: ['CM-7'],
  target: 'manifest',
  check({ inventory }) {
    const filters = inventory.ofKind('EnvoyFilter', 'networking.istio.io').map(checkEnvoyFilter);
    const plugins = inventory.ofKind('WasmPlugin', 'extensions.istio.io').map(checkWasmPlugin);
    return [...filters, ...plugins];
  },
};

function checkEnvoyFilter(e: InventoryEntry): Outcome {
  const name = `EnvoyFilter ${e.ref.namespace}/${e.ref.name}`;
  const values = arrayOf(objectOf(e.object.spec).configPatches).map((p) => objectOf(objectOf(p).patch).value);
  const lua: string[] = [];
  const unpinned: string[] = [];
  for (const v of values) {
    walk(v, (node) => {
      if (typeof node.name === 'string' && LUA_FILTER_NAMES.has(node.name)) lua.push(node.name);
      for (const key of ['@type', 'type_url', 'typeUrl']) {
        const t = node[key];
        if (typeof t === 'string' && /lua/i.test(t)) lua.push(t);
      }
      const remote = objectOf(node.remote);
      if ((remote.http_uri !== undefined || remote.httpUri !== undefined) && typeof remote.sha256 !== 'string') {
        unpinned.push(String(objectOf(remote.http_uri ?? remote.httpUri).uri ?? 'remote code'));
      }
    });
  }
  const problems = [
    ...(lua.length > 0 ? [`inserts the Lua filter (${JSON.stringify([...new Set(lua)])}), which runs unsandboxed in the proxy`] : []),
    ...(unpinned.length > 0 ? [`loads remote code ${JSON.stringify([...new Set(unpinned)])} without a sha256`] : []),
  ];
  if (problems.length > 0) return violation(e.ref, `${name} ${problems.join(' and ')}; expected a WasmPlugin pinned by sha256 instead`);
  return compliant(e.ref, `${name} inserts no Lua filter and no unpinned remote code`);
}

function checkWasmPlugin(e: InventoryEntry): Outcome {
  const spec = objectOf(e.object.spec);
  const name = `WasmPlugin ${e.ref.namespace}/${e.ref.name}`;
  const url = typeof spec.url === 'string' ? spec.url : '';
  if (typeof spec.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(spec.sha256)) return compliant(e.ref, `${name} pins its module with sha256 ${spec.sha256}`);
  if (/@sha256:[0-9a-f]{64}$/i.test(url)) return compliant(e.ref, `${name} references its module by digest (${url})`);
  const bad = spec.sha256 !== undefined ? ` and sha256 ${JSON.stringify(spec.sha256)} is not a 64-digit hex digest` : '';
  return violation(e.ref, `${name} loads ${JSON.stringify(url)} without pinning its digest${bad}; expected spec.sha256 or a url ending in "@sha256:<digest>"`);
}

/** Calls `visit` on every object nested in `value`. */
function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v) => walk(v, visit));
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    visit(node);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}
