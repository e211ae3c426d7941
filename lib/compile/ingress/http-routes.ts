// SPDX-License-Identifier: Apache-2.0
import { compare } from '../access-rules';
import type { Manifest } from '../manifest';
import { GATEWAY_API, GATEWAY_API_GROUP, type HttpRouteFilter, type HttpRouteRule, type HttpRouteSpec, type ParentRef } from './gateway-api';
import { gatewayIssuers } from './gateway-authentication';
import { listenerName, redirectRouteName } from './ingress-names';
import { matchesOf } from './route-precedence';
import type { IngressGatewayModel, IngressRouteModel } from '../../model/ingress-model';

/** Identity of an emitted HTTPRoute. */
export interface RouteSlot {
  readonly name: string;
  readonly namespace: string;
}

/** The HTTPRoutes the gateway's routes are rendered into, in order of first use. */
export function routeSlots(model: IngressGatewayModel): RouteSlot[] {
  const slots = new Map<string, RouteSlot>();
  for (const r of model.routes) slots.set(`${r.service.namespace}/${r.routeName}`, { name: r.routeName, namespace: r.service.namespace });
  if (model.httpRedirect) slots.set(`${model.namespace}/${redirectRouteName(model)}`, { name: redirectRouteName(model), namespace: model.namespace });
  return [...slots.values()];
}

/**
 * Every HTTPRoute of the gateway (SP 800-204A SM-DR7: the edge routes like the mesh does). A
 * route lives in its service's namespace, attaches to the HTTPS listeners of its hostnames
 * (never to the plain-HTTP ones), and forwards its paths and methods to one Service port — a
 * Service in its own namespace, so no ReferenceGrant is needed. Rules that do not require an end
 * user drop the headers the gateway fills from validated claims, so a client cannot forge them.
 */
export function httpRoutes(model: IngressGatewayModel): Manifest<HttpRouteSpec>[] {
  const claimHeaders = gatewayIssuers(model).flatMap((i) => i.claimsToHeaders.map((c) => ({ issuer: i.issuer, header: c.header.toLowerCase() })));
  const out: Manifest<HttpRouteSpec>[] = [];
  for (const slot of routeSlots(model)) {
    if (model.httpRedirect && slot.namespace === model.namespace && slot.name === redirectRouteName(model)) {
      out.push(redirectRoute(model));
      continue;
    }
    const routes = model.routes.filter((r) => r.routeName === slot.name && r.service.namespace === slot.namespace);
    const rules = routes.map((r) => rule(r, claimHeaders));
    out.push({
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata: { name: slot.name, namespace: slot.namespace },
      spec: {
        parentRefs: parentRefs(model, 'https', routes[0].hostnames),
        hostnames: [...routes[0].hostnames],
        rules: [...new Map(rules.map((r) => [JSON.stringify(r), r])).entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r),
      },
    });
  }
  return out;
}

function rule(route: IngressRouteModel, claimHeaders: readonly { issuer: string; header: string }[]): HttpRouteRule {
  const own = route.endUser?.issuer.issuer;
  const forged = [...new Set(claimHeaders.filter((c) => c.issuer !== own).map((c) => c.header))]
    .filter((h) => !claimHeaders.some((c) => c.issuer === own && c.header === h))
    .sort(compare);
  const filters: HttpRouteFilter[] = forged.length ? [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: forged } }] : [];
  return {
    matches: matchesOf(route).map((m) => ({ path: { type: m.path.type, value: m.path.value }, ...(m.method ? { method: m.method } : {}) })),
    ...(filters.length ? { filters } : {}),
    backendRefs: [{ group: '', kind: 'Service', name: route.service.name, port: route.port }],
  };
}

/** Every plain-HTTP request to the gateway's hostnames answered with 301 to the same URL over HTTPS. */
function redirectRoute(model: IngressGatewayModel): Manifest<HttpRouteSpec> {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name: redirectRouteName(model), namespace: model.namespace },
    spec: {
      parentRefs: parentRefs(model, 'http', model.hostnames),
      hostnames: [...model.hostnames],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }],
    },
  };
}

function parentRefs(model: IngressGatewayModel, protocol: 'http' | 'https', hostnames: readonly string[]): ParentRef[] {
  return hostnames.map((h) => ({ group: GATEWAY_API_GROUP, kind: 'Gateway' as const, name: model.name, namespace: model.namespace, sectionName: listenerName(protocol, h) }))
    .sort((a, b) => compare(a.sectionName, b.sectionName));
}
