// SPDX-License-Identifier: Apache-2.0
import { type MtlsResolution, PeerAuthenticationResolver } from '../../../analyze/authz/peer-authentication';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, type ObjectRef, arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, expectedObject, violation } from '../../rule';
import { serviceOfHost } from '../ingress/ingress-helpers';
import { actionOf, authorizationPolicies, policyScope, riskOption, specOf } from './authz-helpers';

/** Annotation on a CUSTOM policy recording why its authorizer may fail open (lib/compile/istio-policies.ts). */
const FAIL_OPEN_ANNOTATION = 'mesh.cdk8s.io/authorizer-fail-open';
const TLS_MODES = new Set(['SIMPLE', 'MUTUAL']);
const ENROLLED = new Set(['sidecar', 'ambient', 'proxyless']);

/** SP 800-204B EUAZ-SR-1, SP 800-207A ID-SEG-REC-3: the proxies reach their external authorizers over a protected channel, failing closed. */
export const AUTHORIZER_CHANNEL: MeshRule = {
  id: 'MESH-AUTHZ-08',
  title: 'Every external authorizer is reached over mutual TLS or TLS and fails closed',
  rationale: 'The authorization request carries the caller\'s headers and tokens, and its answer decides access: in plaintext it can be read '
    + 'or forged on the way. An authorizer that fails open lets every request through whenever it is down or unreachable.',
  fix: 'run the authorizer as a mesh service and pass it to `new ExternalAuthorizer(this, id, { mesh, service, port })` (reached over the mesh\'s '
    + 'STRICT mTLS, failing closed unless `failOpenJustification` is given); in hand-written mesh config, point `extensionProviders[].envoyExtAuthzGrpc`/'
    + '`envoyExtAuthzHttp.service` at an in-mesh Service under STRICT PeerAuthentication, or add a DestinationRule for the host with `tls.mode: '
    + 'SIMPLE` or `MUTUAL`, and leave `failOpen` unset or false',
  severity: 'warning',
  recommendations: ['EUAZ-SR-1', 'ID-SEG-REC-3'],
  controls: ['SC-8', 'AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const providers = arrayOf(objectOf(inventory.meshConfig()).extensionProviders).map(objectOf)
      .filter((p) => p.envoyExtAuthzGrpc !== undefined || p.envoyExtAuthzHttp !== undefined);
    return providers.map((p) => {
      const name = String(p.name ?? '');
      const settings = objectOf(p.envoyExtAuthzGrpc ?? p.envoyExtAuthzHttp);
      const host = typeof settings.service === 'string' ? settings.service : '';
      const port = Number(settings.port);
      const custom = authorizationPolicies(inventory).filter((c) => actionOf(c) === 'CUSTOM' && objectOf(specOf(c).provider).name === name);
      const risk = riskOption(inventory, custom.flatMap((c) => policyScope(inventory, c).app));
      const subject = carrier(inventory, name);
      const channel = channelOf(inventory, host, port);
      const what = `extension provider ${JSON.stringify(name)} (${host}:${Number.isFinite(port) ? port : '?'})`;
      const problems = channel.ok ? [] : [`is reached ${channel.how}`];
      if (settings.failOpen === true) problems.push('sets failOpen: true');
      if (problems.length === 0) return compliant(subject, `${what} is reached ${channel.how} and fails closed`, risk);
      const justified = custom.map((c) => stringMap(c.object.metadata?.annotations)[FAIL_OPEN_ANNOTATION]).find((j) => j !== undefined && j.trim() !== '');
      const message = `${what} ${problems.join(' and ')}; expected an in-mesh service under STRICT mTLS (or a DestinationRule with tls mode SIMPLE or MUTUAL) and failOpen unset or false`;
      return violation(subject, message, { ...risk, ...(channel.ok && justified !== undefined ? { justification: justified } : {}) });
    });
  },
};

/** How the proxies reach `host`, and whether that channel is protected. */
function channelOf(inventory: Inventory, host: string, port: number): { ok: boolean; how: string } {
  const dr = destinationRuleTls(inventory, host, port);
  if (dr && TLS_MODES.has(dr.mode)) return { ok: true, how: `over TLS (tls mode ${dr.mode} of ${describeRef(dr.entry.ref)})` };
  if (dr && dr.mode !== 'ISTIO_MUTUAL') return { ok: false, how: `with tls mode ${JSON.stringify(dr.mode)} of ${describeRef(dr.entry.ref)}` };
  const service = serviceOfHost(inventory, host, inventory.rootNamespace);
  const peerAuthn = new PeerAuthenticationResolver(inventory.ofKind('PeerAuthentication', 'security.istio.io'), inventory.rootNamespace);
  if (service) {
    const workloads = inventory.workloadsOf(service);
    if (workloads.length === 0) return { ok: false, how: `through Service ${service.namespace}/${service.name}, whose workloads are not in the manifests, without a DestinationRule setting TLS` };
    const target = service.ports.find((x) => x.port === port)?.targetPort;
    for (const w of workloads) {
      const kind = inventory.dataPlaneOf(w).kind;
      if (!ENROLLED.has(kind)) return { ok: false, how: `in plaintext: ${w.namespace}/${w.name} is not enrolled in Istio (${kind}) and no DestinationRule sets TLS` };
      const containerPort = typeof target === 'number' ? target : port;
      const mode = peerAuthn.resolve(w.namespace, w.podLabels, containerPort);
      if (mode.mode !== 'STRICT') return { ok: false, how: `over mTLS that is not enforced: ${w.namespace}/${w.name} resolves to ${mode.mode} (${sourceOf(mode, containerPort)})` };
    }
    return { ok: true, how: `over STRICT mTLS (in-mesh Service ${service.namespace}/${service.name})` };
  }
  if (/\.svc(\.|$)/.test(host)) {
    const mesh = peerAuthn.resolve(inventory.rootNamespace, {}, port);
    if (mesh.mode === 'STRICT') return { ok: true, how: `over the mesh-wide STRICT mTLS of PeerAuthentication ${mesh.policy} (in-cluster host)` };
    return { ok: false, how: 'in-cluster without a mesh-wide STRICT PeerAuthentication or a DestinationRule setting TLS' };
  }
  return { ok: false, how: 'outside the mesh without a DestinationRule setting tls mode SIMPLE or MUTUAL' };
}

/** The TLS mode a DestinationRule for `host` sets on `port` (port-level settings first). */
function destinationRuleTls(inventory: Inventory, host: string, port: number): { entry: InventoryEntry; mode: string } | undefined {
  const wanted = fqdn(host, inventory.rootNamespace);
  for (const e of inventory.ofKind('DestinationRule', 'networking.istio.io')) {
    const spec = specOf(e);
    if (typeof spec.host !== 'string' || fqdn(spec.host, e.ref.namespace ?? 'default') !== wanted) continue;
    const policy = objectOf(spec.trafficPolicy);
    const portLevel = arrayOf(policy.portLevelSettings).map(objectOf).find((s) => Number(objectOf(s.port).number) === port);
    const mode = objectOf(portLevel?.tls).mode ?? objectOf(policy.tls).mode;
    if (typeof mode === 'string') return { entry: e, mode: mode.toUpperCase() };
  }
  return undefined;
}

/** A host's fully qualified name (`svc`, `svc.ns`, `svc.ns.svc` completed with `cluster.local`). */
function fqdn(host: string, namespace: string): string {
  const h = (host.includes('/') ? host.slice(host.indexOf('/') + 1) : host).toLowerCase();
  const parts = h.split('.');
  if (parts.length === 1) return `${h}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${h}.svc.cluster.local`;
  return h.endsWith('.svc') ? `${h}.cluster.local` : h;
}

/** Where a resolved mTLS mode comes from, for messages. */
function sourceOf(r: MtlsResolution, port: number): string {
  if (r.policy === undefined) return 'no PeerAuthentication applies';
  return r.portLevel ? `port ${port} of PeerAuthentication ${r.policy}` : `PeerAuthentication ${r.policy}`;
}

/** The mesh config ConfigMap that declares the provider (the last one in merge order). */
function carrier(inventory: Inventory, provider: string): ObjectRef {
  const declaring = inventory.meshConfigSources().filter((x) => arrayOf(x.config.extensionProviders).some((p) => objectOf(p).name === provider));
  return declaring.at(-1)?.entry.ref ?? expectedObject('v1', 'ConfigMap', 'istio', inventory.rootNamespace);
}
