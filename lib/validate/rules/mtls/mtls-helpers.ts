// SPDX-License-Identifier: Apache-2.0
/**
 * Shared reading of the mtls rules: Go durations, the workload certificate lifetime the proxies
 * request (`SECRET_TTL`), the Kubernetes Services a DestinationRule host names, and the TLS
 * blocks of a DestinationRule.
 */
import { parse as parseYaml } from 'yaml';
import type { Inventory, ServiceInfo } from '../../../analyze/inventory';
import { type InventoryEntry, type ObjectRef, arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { expectedObject } from '../../rule';

/** The certificate lifetime the Istio proxy requests when `SECRET_TTL` is not set. */
export const DEFAULT_CERT_TTL_MS = 24 * 3_600_000;

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a Go duration (`1h`, `90m`, `1h30m0s`, `3600s`, `1.5h`), as Istio's proxy
 * agent reads `SECRET_TTL` and as DestinationRule durations are written; `undefined` when the
 * text is not one.
 */
export function parseGoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** A duration for messages: `24h`, `30m`, `1h30m`, `45s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms <= 0 || ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

/** The workload certificate lifetime in effect, and where it comes from. */
export interface CertificateTtl {
  /** The lifetime; `undefined` when the configured value is not a positive Go duration. */
  readonly ms?: number;
  /** The configured text; absent when Istio's default applies. */
  readonly raw?: string;
  /** Where the value comes from, for messages. */
  readonly source: string;
  /** The object carrying the setting, else the installation's `istio` ConfigMap (expected). */
  readonly subject: ObjectRef;
}

/**
 * The `SECRET_TTL` the proxies of the mesh request: a root-namespace ProxyConfig without
 * selector (`spec.environmentVariables`, which overrides the mesh config), else the mesh
 * config's `defaultConfig.proxyMetadata`, else Istio's default of 24h.
 */
export function certificateTtl(inventory: Inventory): CertificateTtl {
  const root = inventory.rootNamespace;
  const proxyConfig = inventory.ofKind('ProxyConfig', 'networking.istio.io')
    .filter((e) => e.ref.namespace === root && objectOf(e.object.spec).selector === undefined)
    .find((e) => stringMap(objectOf(e.object.spec).environmentVariables).SECRET_TTL !== undefined);
  if (proxyConfig) {
    const raw = stringMap(objectOf(proxyConfig.object.spec).environmentVariables).SECRET_TTL;
    return withMs({ raw, source: `SECRET_TTL ${JSON.stringify(raw)} of ${describeRef(proxyConfig.ref)} (spec.environmentVariables)`, subject: proxyConfig.ref });
  }
  const fromMesh = objectOf(objectOf(objectOf(inventory.meshConfig()).defaultConfig).proxyMetadata).SECRET_TTL;
  if (typeof fromMesh === 'string') {
    const carrier = meshConfigCarrier(inventory, fromMesh);
    const where = carrier ? describeRef(carrier.ref) : 'the mesh config';
    return withMs({
      raw: fromMesh,
      source: `SECRET_TTL ${JSON.stringify(fromMesh)} of ${where} (meshConfig.defaultConfig.proxyMetadata)`,
      subject: carrier?.ref ?? expectedObject('v1', 'ConfigMap', 'istio', root),
    });
  }
  return {
    ms: DEFAULT_CERT_TTL_MS,
    source: `Istio's default: SECRET_TTL is set neither in meshConfig.defaultConfig.proxyMetadata nor in a ProxyConfig of ${root} without selector`,
    subject: expectedObject('v1', 'ConfigMap', 'istio', root),
  };
}

function withMs(ttl: Omit<CertificateTtl, 'ms'> & { raw: string }): CertificateTtl {
  const ms = parseGoDuration(ttl.raw);
  return ms !== undefined && ms > 0 ? { ...ttl, ms } : ttl;
}

/** The root-namespace mesh config ConfigMap whose `data.mesh` sets the effective SECRET_TTL (the last one, as the inventory merges them). */
function meshConfigCarrier(inventory: Inventory, value: string): InventoryEntry | undefined {
  const maps = inventory.ofKind('ConfigMap', '').filter((e) => e.ref.namespace === inventory.rootNamespace
    && (e.ref.name === 'istio' || (stringMap(e.object.metadata?.annotations)['mesh.cdk8s.io/istiod-env'] ?? '').startsWith('SHARED_MESH_CONFIG=')));
  let found: InventoryEntry | undefined;
  for (const e of maps) {
    let parsed: unknown;
    try {
      parsed = parseYaml(stringMap(e.object.data).mesh ?? '');
    } catch {
      continue;
    }
    if (objectOf(objectOf(objectOf(parsed).defaultConfig).proxyMetadata).SECRET_TTL === value) found = e;
  }
  return found;
}

/** A Service's cluster-local DNS name. */
export function serviceFqdn(s: ServiceInfo): string {
  return `${s.name}.${s.namespace}.svc.cluster.local`;
}

/**
 * The Services of the inventory a DestinationRule `host` names: a short name (in the rule's
 * namespace), `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`, or a `*`/`*.suffix`
 * wildcard matching their cluster-local names.
 */
export function servicesForHost(inventory: Inventory, host: string, ruleNamespace: string): ServiceInfo[] {
  const h = host.trim().toLowerCase();
  if (h === '') return [];
  if (h === '*') return [...inventory.services];
  if (h.startsWith('*.')) {
    const suffix = h.slice(1);
    return inventory.services.filter((s) => serviceFqdn(s).endsWith(suffix) || `${s.name}.${s.namespace}.svc`.endsWith(suffix));
  }
  const named = inventory.serviceNamed(h, ruleNamespace);
  return named ? [named] : [];
}

/** Whether a DestinationRule host is a service of the mesh (in the inventory, or any cluster-local name). */
export function isMeshHost(inventory: Inventory, host: string, ruleNamespace: string): boolean {
  const h = host.trim().toLowerCase();
  return servicesForHost(inventory, h, ruleNamespace).length > 0 || h.endsWith('.svc.cluster.local') || h.endsWith('.svc');
}

/** One `tls` block of a DestinationRule, with where it sits. */
export interface TlsBlock {
  /** Field path, e.g. `trafficPolicy.portLevelSettings[0].tls` or `subsets[1].trafficPolicy.tls`. */
  readonly path: string;
  /** Port of a port-level setting. */
  readonly port?: number;
  readonly tls: Readonly<Record<string, unknown>>;
}

/** Every `tls` block of a DestinationRule: its traffic policy, port-level settings and subsets. */
export function tlsBlocks(rule: InventoryEntry): TlsBlock[] {
  const spec = objectOf(rule.object.spec);
  const out: TlsBlock[] = [];
  const policy = (tp: unknown, prefix: string): void => {
    const p = objectOf(tp);
    if (p.tls !== undefined) out.push({ path: `${prefix}.tls`, tls: objectOf(p.tls) });
    arrayOf(p.portLevelSettings).forEach((pl, i) => {
      const x = objectOf(pl);
      if (x.tls === undefined) return;
      const port = Number(objectOf(x.port).number);
      out.push({ path: `${prefix}.portLevelSettings[${i}].tls`, ...(Number.isFinite(port) ? { port } : {}), tls: objectOf(x.tls) });
    });
  };
  policy(spec.trafficPolicy, 'trafficPolicy');
  arrayOf(spec.subsets).forEach((s, i) => policy(objectOf(s).trafficPolicy, `subsets[${i}].trafficPolicy`));
  return out;
}

/** The `tls.mode` of a block, upper-cased (`''` when unset). */
export function tlsMode(block: TlsBlock): string {
  return typeof block.tls.mode === 'string' ? block.tls.mode.toUpperCase() : '';
}

/** DestinationRules of the inventory (`networking.istio.io`). */
export function destinationRules(inventory: Inventory): readonly InventoryEntry[] {
  return inventory.ofKind('DestinationRule', 'networking.istio.io');
}
