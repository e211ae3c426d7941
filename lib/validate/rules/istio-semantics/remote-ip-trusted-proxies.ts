// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml } from 'yaml';
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, describeRef, objectOf, stringMap } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { gatewayApiGateway, isWaypointGateway, rulesOf, selectorLabels, sourcesOf, targetRefsOf } from '../authz/authz-helpers';
import { GATEWAY_NAME_LABEL, authorizationPolicies, listOf, nameOf, selectorAttachments } from './semantics-helpers';

const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/** A gateway a policy reaches, and the proxy config that can set its topology. */
interface GatewayTarget {
  readonly label: string;
  /** `gatewayTopology` from the gateway's own `proxy.istio.io/config`, when the manifests carry it. */
  readonly topology?: Record<string, unknown>;
}

/**
 * istio-authz-semantics §b8 trap 16 (§b3): `remoteIpBlocks` / `remote.ip` read the original client
 * address from X-Forwarded-For or the PROXY protocol, which a gateway only trusts when its
 * topology says how many proxies are in front of it.
 */
export const REMOTE_IP_TRUSTED_PROXIES: MeshRule = {
  id: 'MESH-SEM-11',
  title: 'Gateway policies on remoteIpBlocks run where the gateway knows its trusted proxies',
  rationale: '`remoteIpBlocks` and `remote.ip` match the original client address, which the gateway takes from X-Forwarded-For (or the PROXY '
    + 'protocol) only when `gatewayTopology.numTrustedProxies` (or `proxyProtocol`) is set. Without it the "remote" address is the load '
    + 'balancer\'s, so an ALLOW on client ranges admits everyone behind the load balancer or no one, and a DENY on them denies nothing '
    + '(istio-authz-semantics §b3).',
  fix: 'set `meshConfig.defaultConfig.gatewayTopology.numTrustedProxies` to the number of proxies in front of the gateway, or the gateway\'s '
    + '`proxy.istio.io/config` annotation (`{"gatewayTopology": {"numTrustedProxies": 1}}`; on a Gateway API Gateway under '
    + '`spec.infrastructure.annotations`), or enable `proxyProtocol`; otherwise match on `ipBlocks` (the direct peer)',
  severity: 'warning',
  recommendations: ['APE-SR-1'],
  controls: ['AC-3', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    const meshTopology = objectOf(objectOf(objectOf(inventory.meshConfig()).defaultConfig).gatewayTopology);
    const out: Outcome[] = [];
    for (const p of authorizationPolicies(inventory)) {
      if (!rulesOf(p).some(usesRemoteIp)) continue;
      const gateways = gatewaysOf(inventory, p);
      if (gateways.length === 0) continue;
      const where = describeRef(p.ref);
      const untrusted = gateways.filter((g) => !trusts({ ...meshTopology, ...g.topology })).map((g) => g.label);
      out.push(untrusted.length > 0
        ? violation(p.ref, `${where} matches on the remote client address at ${listOf(untrusted)}, which set no gatewayTopology.numTrustedProxies or proxyProtocol, so the address matched is the nearest proxy's; expected the gateway topology configured`)
        : compliant(p.ref, `${where} matches on the remote client address at ${listOf(gateways.map((g) => g.label))}, which trust the proxies in front of them`));
    }
    return out;
  },
};

function usesRemoteIp(rule: Record<string, unknown>): boolean {
  return sourcesOf(rule).some((s) => arrayOf(s.remoteIpBlocks).length > 0 || arrayOf(s.notRemoteIpBlocks).length > 0)
    || arrayOf(rule.when).some((w) => objectOf(w).key === 'remote.ip');
}

function trusts(topology: Record<string, unknown>): boolean {
  return Number(topology.numTrustedProxies ?? 0) > 0 || topology.proxyProtocol !== undefined;
}

/** The gateways (not waypoints) a policy reaches: gateway pods it selects, Gateway API Gateways it targets or names by label. */
function gatewaysOf(inventory: Inventory, p: InventoryEntry): GatewayTarget[] {
  const ns = p.ref.namespace ?? 'default';
  const out: GatewayTarget[] = [];
  const fromGateway = (gw: InventoryEntry | undefined, label: string): void => {
    if (gw !== undefined && isWaypointGateway(gw)) return;
    const spec = objectOf(gw?.object.spec);
    const annotation = stringMap(objectOf(spec.infrastructure).annotations)[PROXY_CONFIG_ANNOTATION] ?? stringMap(gw?.object.metadata?.annotations)[PROXY_CONFIG_ANNOTATION];
    out.push({ label, ...topologyOf(annotation) });
  };
  const refs = targetRefsOf(p);
  if (refs.length > 0) {
    for (const r of refs) if (r.kind === 'Gateway') fromGateway(gatewayApiGateway(inventory, ns, String(r.name ?? '')), `Gateway ${ns}/${String(r.name ?? '')}`);
    return out;
  }
  const pods = selectorAttachments(inventory, p).filter((a) => a.kind === 'gateway');
  for (const a of pods) out.push({ label: nameOf(a.workload), ...topologyOf(a.workload.podAnnotations[PROXY_CONFIG_ANNOTATION]) });
  if (pods.length > 0) return out;
  const labels = selectorLabels(p) ?? {};
  const named = labels[GATEWAY_NAME_LABEL];
  if (named !== undefined) fromGateway(gatewayApiGateway(inventory, ns, named), `Gateway ${ns}/${named}`);
  else if (labels.istio === 'ingressgateway') out.push({ label: `the ingress gateway pods (istio: ingressgateway) of ${ns}` });
  return out;
}

/** `gatewayTopology` of a `proxy.istio.io/config` value (JSON or YAML); nothing when absent or unreadable. */
function topologyOf(annotation: string | undefined): { topology?: Record<string, unknown> } {
  if (annotation === undefined) return {};
  try {
    const topology = objectOf(objectOf(parseYaml(annotation)).gatewayTopology);
    return Object.keys(topology).length > 0 ? { topology } : {};
  } catch {
    return {};
  }
}
