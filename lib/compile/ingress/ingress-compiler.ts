// SPDX-License-Identifier: Apache-2.0
import type { ObjectSlot } from '../backend';
import { ISTIO_SECURITY_API, type Manifest } from '../manifest';
import { GATEWAY_API } from './gateway-api';
import { gateway } from './gateway';
import { gatewayIssuers, gatewayRequestAuthentication } from './gateway-authentication';
import { gatewayAuthorizationPolicy } from './gateway-authorization';
import { httpRoutes, routeSlots } from './http-routes';
import { gatewayJwtName, gatewayPolicyName } from './ingress-names';
import type { IngressGatewayModel } from '../../model/ingress-model';

/**
 * The objects `compileIngress` returns for the gateway, from its intent only (cheap; the
 * construct creates an ApiObject per slot as soon as it appears and fills its spec at synth).
 * Slots only grow as routes are added.
 */
export function ingressSlots(model: IngressGatewayModel): ObjectSlot[] {
  const slot = (apiVersion: string, kind: string, name: string, namespace: string): ObjectSlot => ({ apiVersion, kind, name, namespace });
  return [
    slot(GATEWAY_API, 'Gateway', model.name, model.namespace),
    slot(ISTIO_SECURITY_API, 'AuthorizationPolicy', gatewayPolicyName(model), model.namespace),
    ...(gatewayIssuers(model).length ? [slot(ISTIO_SECURITY_API, 'RequestAuthentication', gatewayJwtName(model), model.namespace)] : []),
    ...routeSlots(model).map((r) => slot(GATEWAY_API, 'HTTPRoute', r.name, r.namespace)),
  ];
}

/** Every object of the gateway: Gateway, its AuthorizationPolicy and RequestAuthentication, HTTPRoutes. */
export function compileIngress(model: IngressGatewayModel): Manifest[] {
  const authn = gatewayRequestAuthentication(model);
  return [gateway(model), gatewayAuthorizationPolicy(model), ...(authn ? [authn] : []), ...httpRoutes(model)];
}
