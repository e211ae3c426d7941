// SPDX-License-Identifier: Apache-2.0
import { MODEL_TITLES } from './model-titles';
import { type MeshRule, compliant, violation } from '../../rule';

/** Pod annotations that take traffic out of the sidecar's interception. */
const BYPASS_ANNOTATIONS = [
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/excludeOutboundPorts',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  'traffic.sidecar.istio.io/excludeInterfaces',
];

/** Annotations that narrow interception when set to anything but `*`. */
const NARROWING_ANNOTATIONS = ['traffic.sidecar.istio.io/includeInboundPorts', 'traffic.sidecar.istio.io/includeOutboundIPRanges'];

/** SP 800-204B §5.1: the enforcement point is a reference monitor — every workload is enrolled and nothing bypasses it. */
export const ENROLLED_DATA_PLANE: MeshRule = {
  id: 'MESH-MODEL-04',
  title: 'Every application workload is enrolled in a mesh data plane, with no traffic bypassing it',
  rationale: 'A policy enforcement point only protects what it intercepts: a pod outside every data plane, on the host network, or with ports or '
    + 'address ranges excluded from capture talks past mTLS and authorization (SP 800-204B §5.1: non-bypassable; SP 800-233: whatever the model, '
    + 'every workload really enrolled in it).',
  fix: 'add the workload as a service of the mesh (`mesh.addService(...)`), which enrols it in its proxy model; in YAML, label the namespace '
    + '`istio-injection=enabled` (or `istio.io/dataplane-mode=ambient`), and remove `sidecar.istio.io/inject: "false"`, `hostNetwork: true` and the '
    + '`traffic.sidecar.istio.io/exclude*` annotations',
  severity: 'error',
  recommendations: ['204B §5.1', '800-233/no-mixed-bypass'],
  controls: ['AC-3', 'SC-7'],
  target: 'manifest',
  unsuppressibleAt: ['high'],
  check({ inventory }) {
    return inventory.applicationWorkloads().map((w) => {
      const name = `${w.namespace}/${w.name}`;
      const dp = inventory.dataPlaneOf(w);
      if (w.podSpec.hostNetwork === true) return violation(w.entry.ref, `${name} runs on the host network (hostNetwork: true), where no mesh proxy intercepts its traffic; expected pod networking`);
      if (dp.kind === 'none') return violation(w.entry.ref, `${name} is in no mesh data plane (${dp.evidence}); expected it enrolled in a proxy model`);
      const bypass = BYPASS_ANNOTATIONS.filter((a) => (w.podAnnotations[a] ?? '').trim() !== '')
        .concat(NARROWING_ANNOTATIONS.filter((a) => w.podAnnotations[a] !== undefined && w.podAnnotations[a].trim() !== '*'));
      if (bypass.length > 0) {
        return violation(w.entry.ref, `${name} excludes traffic from interception (${bypass.map((a) => `${a}: ${JSON.stringify(w.podAnnotations[a])}`).join(', ')}); expected every port and address captured`);
      }
      return compliant(w.entry.ref, `${name} is enrolled in ${MODEL_TITLES[dp.kind]} (${dp.evidence})`);
    });
  },
};
