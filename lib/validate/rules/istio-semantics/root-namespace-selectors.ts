// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { selectorLabels, targetRefsOf } from '../authz/authz-helpers';
import { listOf, nameOf } from './semantics-helpers';

/**
 * istio-authz-semantics §b8 trap 19 (§b1, `ListAuthorizationPolicies`): a selector policy in the
 * root namespace matches workloads in every namespace.
 */
export const ROOT_NAMESPACE_SELECTORS: MeshRule = {
  id: 'MESH-SEM-15',
  title: 'Selector policies in the root namespace select only the workloads meant, in any namespace',
  rationale: 'Istio searches the root namespace for every proxy, so a selector in a root-namespace AuthorizationPolicy or RequestAuthentication '
    + 'is matched against pods of all namespaces, not only the root namespace\'s: `selector: {app: api}` in istio-system applies to every '
    + 'app=api pod of the mesh (istio-authz-semantics §b1). Often intended for gateways, it surprises when another team reuses the labels.',
  fix: 'move a policy meant for one namespace\'s workloads into that namespace; keep root-namespace policies mesh-wide (no selector) or give them '
    + 'labels unique to the workloads meant (e.g. `istio: ingressgateway`); the SDK writes each service\'s policies in its own namespace',
  severity: 'info',
  recommendations: ['APE-SR-1', 'APE-SR-3'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const root = inventory.rootNamespace;
    const policies = [...inventory.ofKind('AuthorizationPolicy', 'security.istio.io'), ...inventory.ofKind('RequestAuthentication', 'security.istio.io')]
      .filter((p) => p.ref.namespace === root);
    const out: Outcome[] = [];
    for (const p of policies) {
      const where = describeRef(p.ref);
      const labels = selectorLabels(p);
      if (labels === undefined || targetRefsOf(p).length > 0) {
        out.push(compliant(p.ref, `${where} in the root namespace ${labels === undefined && targetRefsOf(p).length === 0 ? 'has no selector: it is mesh-wide, as written' : 'attaches with targetRefs'}`));
        continue;
      }
      const selected = inventory.workloadsSelectedBy(p);
      const elsewhere = selected.filter((w) => w.namespace !== root);
      const selector = JSON.stringify(labels);
      const gatewayLabel = labels.istio === 'ingressgateway' || labels.istio === 'egressgateway';
      if (elsewhere.length === 0 && gatewayLabel) {
        out.push(compliant(p.ref, `${where} selects Istio's ${labels.istio} pods (${selector}), the usual root-namespace gateway policy; gateway pods of any namespace with this label get it too`));
      } else if (elsewhere.length === 0 && selected.length > 0) {
        out.push(compliant(p.ref, `${where} selects ${selector}, which only ${listOf(selected.map(nameOf).sort())} of the root namespace carry in these manifests`));
      } else if (elsewhere.length > 0) {
        const namespaces = [...new Set(elsewhere.map((w) => w.namespace))].sort();
        out.push(violation(p.ref, `${where} selects ${selector} from the root namespace, so it applies in every namespace: here to ${listOf(elsewhere.map(nameOf).sort())} (namespace${namespaces.length === 1 ? '' : 's'} ${listOf(namespaces)}); expected the policy in the workloads' own namespace, or labels unique to the workloads meant`));
      } else {
        out.push(violation(p.ref, `${where} selects ${selector} from the root namespace, which matches pods with these labels in every namespace (none in these manifests); expected the policy in the workloads' own namespace, or labels unique to the workloads meant`));
      }
    }
    return out;
  },
};
