// SPDX-License-Identifier: Apache-2.0
import type { Inventory } from '../../../analyze/inventory';
import { type InventoryEntry, arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, type Outcome, compliant, violation } from '../../rule';
import { type Json, targetRefsOf } from '../authz/authz-helpers';

const GATEWAY_API = 'gateway.networking.k8s.io';
const ISTIO_NETWORKING = 'networking.istio.io';
/** The only GatewayClass policies may target (`constants.WaypointGatewayClassName`). */
const WAYPOINT_CLASS = 'istio-waypoint';
const MAX_TARGET_REFS = 16;

/**
 * istio-authz-semantics §b8 trap 12 (§b1, policyattachment.go `ShouldAttachPolicy`): targetRefs
 * that admission rejects or that never match any proxy.
 */
export const TARGET_REFS_VALID: MeshRule = {
  id: 'MESH-SEM-08',
  title: 'Every targetRef names a kind Istio attaches to, with its API group, in the policy\'s own namespace',
  rationale: 'Istio matches a targetRef on its canonical group and kind (`matchesGroupKind`): a Gateway without `group: gateway.networking.k8s.io` '
    + 'is read as a core-group kind and matches nothing; a GatewayClass only attaches as `istio-waypoint` from the root namespace; a Service must '
    + 'be in the policy\'s namespace. The CRD rejects a targetRef `namespace` (cross-namespace references are not supported, and unvalidated '
    + 'they never match), more than 16 targetRefs, and a selector next to targetRefs (istio-authz-semantics §b1).',
  fix: 'write each reference as `{group: gateway.networking.k8s.io, kind: Gateway, name}`, `{group: "", kind: Service, name}`, `{group: '
    + 'networking.istio.io, kind: ServiceEntry, name}` or, in the root namespace only, `{group: gateway.networking.k8s.io, kind: GatewayClass, '
    + 'name: istio-waypoint}`; drop `namespace` and put the policy in the target\'s namespace; split policies with more than 16 targets; the SDK '
    + 'renders these references itself',
  severity: 'error',
  recommendations: ['APE-SR-1'],
  controls: ['AC-3'],
  target: 'manifest',
  check({ inventory }) {
    const policies = [...inventory.ofKind('AuthorizationPolicy', 'security.istio.io'), ...inventory.ofKind('RequestAuthentication', 'security.istio.io')];
    const out: Outcome[] = [];
    for (const p of policies) {
      const refs = targetRefsOf(p);
      if (refs.length === 0) continue;
      const where = describeRef(p.ref);
      const problems = [...shapeProblems(p), ...refs.flatMap((r, i) => refProblems(inventory, p, r, i))];
      out.push(problems.length > 0
        ? violation(p.ref, `${where}: ${problems.join('; ')}; expected targetRefs Istio can attach (group, kind and name, no namespace)`)
        : compliant(p.ref, `${where} has ${refs.length} valid targetRef${refs.length === 1 ? '' : 's'} (${refs.map((r) => `${String(r.kind)} ${String(r.name)}`).join(', ')})`));
    }
    return out;
  },
};

/** Problems with how targets are given: both forms, a selector next to them, too many. */
function shapeProblems(p: InventoryEntry): string[] {
  const spec = objectOf(p.object.spec);
  const out: string[] = [];
  const many = arrayOf(spec.targetRefs).length;
  if (spec.selector !== undefined) out.push('sets both selector and targetRefs, which admission rejects (only one of targetRefs or selector can be set)');
  if (spec.targetRef !== undefined && many > 0) out.push('sets both targetRef and targetRefs, which admission rejects (Istio would read only targetRefs)');
  if (many > MAX_TARGET_REFS) out.push(`lists ${many} targetRefs, more than the ${MAX_TARGET_REFS} admission accepts`);
  return out;
}

/** Problems with one reference. */
function refProblems(inventory: Inventory, p: InventoryEntry, r: Json, i: number): string[] {
  const ns = p.ref.namespace ?? 'default';
  const kind = String(r.kind ?? '');
  const name = String(r.name ?? '');
  const group = typeof r.group === 'string' ? r.group : '';
  const at = `targetRefs[${i}] (${kind || 'no kind'} ${name || 'no name'})`;
  const out: string[] = [];
  if (typeof r.namespace === 'string' && r.namespace !== '') {
    out.push(r.namespace === ns
      ? `${at} sets namespace ${JSON.stringify(r.namespace)}, which admission rejects (cross namespace referencing is not currently supported); leave it empty`
      : `${at} points into namespace ${JSON.stringify(r.namespace)}: admission rejects it, and unvalidated it never matches (policies only attach in their own namespace)`);
  }
  if (name === '') out.push(`${at} has no name`);
  const wrongGroup = (expected: string) => `${at} has group ${JSON.stringify(group)}, so Istio reads it as another kind and it never matches (${kind} is in group ${JSON.stringify(expected)})`;
  switch (kind) {
    case 'Gateway':
      if (group !== GATEWAY_API && group !== ISTIO_NETWORKING) out.push(wrongGroup(GATEWAY_API));
      break;
    case 'GatewayClass':
      if (group !== GATEWAY_API) out.push(wrongGroup(GATEWAY_API));
      if (name !== WAYPOINT_CLASS) out.push(`${at} names GatewayClass ${JSON.stringify(name)}: only ${WAYPOINT_CLASS} can be targeted`);
      if (ns !== inventory.rootNamespace) out.push(`${at} targets GatewayClass ${WAYPOINT_CLASS} from namespace ${ns}, but that form only attaches from the root namespace ${inventory.rootNamespace}`);
      break;
    case 'Service':
      if (group !== '' && group !== 'core') out.push(wrongGroup(''));
      break;
    case 'ServiceEntry':
      if (group !== ISTIO_NETWORKING) out.push(wrongGroup(ISTIO_NETWORKING));
      break;
    default:
      out.push(`${at} names kind ${JSON.stringify(kind)}, which Istio never attaches to; expected Gateway, GatewayClass, Service or ServiceEntry`);
  }
  return out;
}
