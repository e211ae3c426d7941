// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { type Json, riskOption, specOf } from '../authz/authz-helpers';
import { type IngressGateway, ingressGateways, reachedWorkloads, routesOf } from './ingress-helpers';

/** Annotation carrying the SDK's justification of a plain-HTTP listener (lib/compile/ingress/gateway.ts). */
const PLAINTEXT_LISTENER_ANNOTATION = 'mesh.cdk8s.io/ingress-exception.plaintext-listener';
const ENCRYPTED_LISTENERS = new Set(['HTTPS', 'TLS']);
const ENCRYPTED_SERVERS = new Set(['SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL', 'PASSTHROUGH', 'AUTO_PASSTHROUGH', 'OPTIONAL_MUTUAL']);

/** SP 800-204A SM-DR20, SP 800-204 MS-SS-4: clients reach the gateway over TLS only. */
export const GATEWAY_TLS: MeshRule = {
  id: 'MESH-ING-02',
  title: 'Ingress gateway listeners accept TLS only (plain HTTP only redirects to HTTPS)',
  rationale: 'Traffic between clients and the gateway crosses untrusted networks and carries credentials and tokens; a plaintext listener '
    + 'exposes them to anyone on the path. A plain-HTTP listener is acceptable only when its sole answer is a redirect to HTTPS.',
  fix: 'create ingress with `mesh.addIngressGateway(id, { hostnames, tls: IngressTls.fromSecret(...) })`, which renders HTTPS listeners only; '
    + 'use `httpRedirect: { justification }` if port 80 must answer (redirect only); in hand-written YAML, use listener `protocol: HTTPS` or '
    + '`TLS`, attach only RequestRedirect (`scheme: https`) routes to HTTP listeners, and give Istio Gateway servers `tls.mode: SIMPLE` or '
    + '`MUTUAL` (or `tls.httpsRedirect: true`)',
  severity: 'warning',
  severityByRisk: { high: 'error' },
  recommendations: ['SM-DR20', 'MS-SS-4'],
  controls: ['SC-8'],
  target: 'manifest',
  check({ inventory }) {
    return ingressGateways(inventory).map((g) => {
      const where = describeRef(g.entry.ref);
      const risk = riskOption(inventory, [...reachedWorkloads(inventory, g).keys()]);
      const { ok, http, other } = g.api === 'gateway-api' ? listeners(inventory, g) : servers(g);
      if (http.length === 0 && other.length === 0) return compliant(g.entry.ref, `${where}: ${ok.join(', ') || 'no listener'}`, risk);
      const bad = [...http, ...other];
      const message = `${where} accepts plaintext on ${bad.join(', ')}; expected HTTPS or TLS${g.api === 'istio' ? ' (tls.mode SIMPLE, MUTUAL or ISTIO_MUTUAL, or tls.httpsRedirect)' : ', or an HTTP listener whose routes only redirect to https'}`;
      const justification = stringMap(g.entry.object.metadata?.annotations)[PLAINTEXT_LISTENER_ANNOTATION];
      const justified = other.length === 0 && justification !== undefined && justification.trim() !== '';
      return violation(g.entry.ref, message, { ...risk, ...(justified ? { justification: justification.trim() } : {}) });
    });
  },
};

/** Gateway API listeners sorted into encrypted (or redirect-only), plain HTTP and other plaintext. */
function listeners(inventory: Inventory, g: IngressGateway): { ok: string[]; http: string[]; other: string[] } {
  const out = { ok: [] as string[], http: [] as string[], other: [] as string[] };
  const routes = routesOf(inventory, g.entry);
  for (const l of arrayOf(specOf(g.entry).listeners).map(objectOf)) {
    const protocol = String(l.protocol ?? '').toUpperCase();
    const label = `listener ${String(l.name ?? '?')} (${protocol || 'no protocol'} ${String(l.port ?? '?')})`;
    if (ENCRYPTED_LISTENERS.has(protocol)) { out.ok.push(`${label} encrypts`); continue; }
    if (protocol !== 'HTTP') { out.other.push(label); continue; }
    const attached = routes.filter((r) => r.parents.some((p) => (p.sectionName === undefined || p.sectionName === l.name) && (p.port === undefined || p.port === l.port)));
    if (attached.length > 0 && attached.every((r) => onlyRedirectsToHttps(r.route))) {
      out.ok.push(`${label} only redirects to https (${attached.map((r) => describeRef(r.route.ref)).join(', ')})`);
    } else out.http.push(label);
  }
  return out;
}

/** Whether every rule of a route answers with a redirect to https and forwards nothing. */
function onlyRedirectsToHttps(route: InventoryEntry): boolean {
  const rules = arrayOf(specOf(route).rules).map(objectOf);
  return rules.length > 0 && rules.every((r) => arrayOf(r.backendRefs).length === 0 && arrayOf(r.filters).map(objectOf).some(isHttpsRedirect));
}

function isHttpsRedirect(f: Json): boolean {
  return f.type === 'RequestRedirect' && String(objectOf(f.requestRedirect).scheme ?? '').toLowerCase() === 'https';
}

/** Istio Gateway servers sorted into encrypted or redirecting, and plaintext. */
function servers(g: IngressGateway): { ok: string[]; http: string[]; other: string[] } {
  const out = { ok: [] as string[], http: [] as string[], other: [] as string[] };
  for (const s of arrayOf(specOf(g.entry).servers).map(objectOf)) {
    const port = objectOf(s.port);
    const protocol = String(port.protocol ?? '').toUpperCase();
    const label = `server ${String(port.name ?? port.number ?? '?')} (${protocol || 'no protocol'} ${String(port.number ?? '?')})`;
    const tls = objectOf(s.tls);
    const mode = String(tls.mode ?? '').toUpperCase();
    if (tls.httpsRedirect === true) out.ok.push(`${label} redirects to https`);
    else if (ENCRYPTED_SERVERS.has(mode)) out.ok.push(`${label} tls.mode ${mode}`);
    else (protocol === 'HTTP' ? out.http : out.other).push(label);
  }
  return out;
}
