// SPDX-License-Identifier: Apache-2.0
import { describeRef } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { riskOption } from '../authz/authz-helpers';
import { ingressGateways, reachedWorkloads, routesOf, virtualServicesOf } from './ingress-helpers';

/** SP 800-204A SM-DR7: the edge routes with the mesh's routing rules. */
export const GATEWAYS_HAVE_ROUTES: MeshRule = {
  id: 'MESH-ING-01',
  title: 'Every ingress gateway has routes bound to it',
  rationale: 'A gateway without routes is exposed attack surface that serves nothing, or a sign that its routing lives outside the mesh '
    + 'configuration; routing at the edge with the same route objects keeps edge and mesh policy consistent and reviewable.',
  fix: 'add routes with `IngressGateway.route(service, { paths, methods })` (or remove the gateway); in hand-written YAML, bind an HTTPRoute, '
    + 'GRPCRoute, TLSRoute or TCPRoute to the Gateway with `parentRefs`, or name the Istio Gateway in a VirtualService\'s `gateways`',
  severity: 'warning',
  recommendations: ['SM-DR7'],
  controls: ['CM-7', 'SC-7'],
  target: 'manifest',
  check({ inventory }) {
    return ingressGateways(inventory).map((g) => {
      const where = describeRef(g.entry.ref);
      const risk = riskOption(inventory, [...reachedWorkloads(inventory, g).keys()]);
      const routes = g.api === 'gateway-api' ? routesOf(inventory, g.entry).map((r) => r.route) : virtualServicesOf(inventory, g.entry);
      if (routes.length) return compliant(g.entry.ref, `${where} is the parent of ${routes.map((r) => describeRef(r.ref)).join(', ')}`, risk);
      return violation(g.entry.ref, g.api === 'gateway-api'
        ? `${where} is the parent of no HTTPRoute, GRPCRoute, TLSRoute or TCPRoute; expected at least one route with parentRefs naming it`
        : `${where} is named by no VirtualService's gateways; expected at least one VirtualService bound to it`, risk);
    });
  },
};
