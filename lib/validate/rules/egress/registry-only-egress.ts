// SPDX-License-Identifier: Apache-2.0
import { ciliumEgress, networkPolicyEgress, outboundMode, sidecarsFor } from './egress-helpers';
import type { Inventory, Workload } from '../../../analyze/inventory';
import { objectOf, stringMap } from '../../../analyze/manifest-object';
import { EGRESS_EXCEPTION_ANNOTATION } from '../../../compile/network-policy/network-policy';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';

/** SM-DR8: outbound traffic of every workload is limited to registered destinations. */
export const REGISTRY_ONLY_EGRESS: MeshRule = {
  id: 'MESH-EGRESS-01',
  title: 'Outbound traffic of every workload is limited to registered destinations',
  rationale: 'A compromised workload that can open connections anywhere can exfiltrate data or reach command-and-control hosts. '
    + 'With REGISTRY_ONLY outbound traffic the proxy forwards only to services in the registry (mesh services and ServiceEntries); '
    + 'where no proxy mediates egress (ambient ztunnel, proxyless gRPC), a network policy has to do it.',
  fix: 'keep the SDK\'s namespace Sidecar (`default`, emitted for every namespace with sidecar services) and declare external '
    + 'dependencies with `new ExternalService(...)` and `service.allowEgressTo(external)`; for ambient and proxyless services add a '
    + 'Kubernetes NetworkPolicy with `policyTypes: [Egress]` allowing only the destinations they need. '
    + 'Outside the SDK set `outboundTrafficPolicy.mode: REGISTRY_ONLY` in the mesh config or in the namespace\'s Sidecar, '
    + 'and give Cilium-enforced pods a CiliumNetworkPolicy with egress rules (`enableDefaultDeny.egress: true`)',
  severity: 'error',
  recommendations: ['SM-DR8'],
  controls: ['SC-7', 'AC-4'],
  target: 'manifest',
  check({ inventory }) {
    return inventory.applicationWorkloads().flatMap((w): Outcome[] => {
      const dp = inventory.dataPlaneOf(w);
      switch (dp.kind) {
        case 'sidecar':
          return [sidecarEgress(inventory, w)];
        case 'sharedNode':
          return [sharedNodeEgress(inventory, w)];
        case 'ambient':
          return [unmediatedEgress(inventory, w, 'ztunnel (the ambient model) does not enforce REGISTRY_ONLY outbound traffic')];
        case 'proxyless':
          return [unmediatedEgress(inventory, w, 'the gRPC library (proxyless model) does not enforce the Sidecar\'s REGISTRY_ONLY outbound traffic')];
        default:
          return [];
      }
    });
  },
};

function sidecarEgress(inventory: Inventory, w: Workload): Outcome {
  const subject = w.entry.ref;
  const who = `${w.namespace}/${w.name}`;
  const applicable = sidecarsFor(inventory, w);
  if (applicable) {
    const names = applicable.sidecars.map((s) => `Sidecar ${s.ref.namespace}/${s.ref.name}`).join(', ');
    const modes = applicable.sidecars.map((s) => ({ s, mode: outboundMode(objectOf(s.object.spec)) }));
    const open = modes.find((m) => m.mode !== undefined && m.mode !== 'REGISTRY_ONLY');
    if (open) {
      return violation(subject, `Sidecar ${open.s.ref.namespace}/${open.s.ref.name} applies to ${who} and sets outboundTrafficPolicy.mode ${JSON.stringify(open.mode)}; expected "REGISTRY_ONLY"`);
    }
    if (modes.some((m) => m.mode === 'REGISTRY_ONLY')) return compliant(subject, `${names} applies to ${who} with outboundTrafficPolicy.mode REGISTRY_ONLY`);
  }
  const meshMode = outboundMode(inventory.meshConfig());
  if (meshMode === 'REGISTRY_ONLY') return compliant(subject, `the mesh config sets outboundTrafficPolicy.mode REGISTRY_ONLY for ${who}`);
  const sidecarPart = applicable ? 'its Sidecar sets no outboundTrafficPolicy.mode' : 'no Sidecar applies to it';
  const meshPart = meshMode === undefined ? 'the mesh config leaves the mode at Istio\'s default "ALLOW_ANY"' : `the mesh config sets ${JSON.stringify(meshMode)}`;
  return violation(subject, `${who} may call any destination: ${sidecarPart} and ${meshPart}; expected outboundTrafficPolicy.mode "REGISTRY_ONLY"`);
}

function sharedNodeEgress(inventory: Inventory, w: Workload): Outcome {
  const cilium = ciliumEgress(inventory, w);
  const who = `${w.namespace}/${w.name}`;
  if (cilium?.restricted) return compliant(w.entry.ref, `${who}: ${cilium.detail}`);
  return violation(w.entry.ref, `${who} runs on a shared node proxy and ${cilium ? cilium.detail : 'no CiliumNetworkPolicy selects it'}; expected a CiliumNetworkPolicy with egress rules (egress default deny) to the destinations it needs`);
}

function unmediatedEgress(inventory: Inventory, w: Workload, why: string): Outcome {
  const who = `${w.namespace}/${w.name}`;
  const np = networkPolicyEgress(inventory, w);
  if (np?.restricted) return compliant(w.entry.ref, `${who}: ${np.detail}`);
  const cilium = ciliumEgress(inventory, w);
  if (cilium?.restricted) return compliant(w.entry.ref, `${who}: ${cilium.detail}`);
  const state = np ? np.detail : cilium ? cilium.detail : 'no NetworkPolicy limits its egress';
  // EgressSegmentation.disabled(justification) records why on the workload: reported as suppressed.
  const justification = w.labels[EGRESS_EXCEPTION_ANNOTATION] ?? stringMap(w.entry.object.metadata?.annotations)[EGRESS_EXCEPTION_ANNOTATION];
  return violation(w.entry.ref, `${who} may call any destination: ${why}, and ${state}; `
    + 'add a NetworkPolicy with policyTypes [Egress] that selects it and allows only the destinations it needs', { severity: 'warning', ...(justification ? { justification } : {}) });
}
