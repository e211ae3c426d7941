// SPDX-License-Identifier: Apache-2.0
import { compare } from '../access-rules';
import { ISTIO_SECURITY_API, type Manifest } from '../manifest';
import { jwtRule } from '../request-authentication';
import { gatewayTargetRefs, type GatewayRequestAuthenticationSpec } from './gateway-api';
import { gatewayJwtName } from './ingress-names';
import type { IngressGatewayModel } from '../../model/ingress-model';
import type { JwtIssuerModel } from '../../model/mesh-model';

/** The issuers whose tokens the gateway validates: those its routes' end users name, sorted by issuer. */
export function gatewayIssuers(gateway: IngressGatewayModel): JwtIssuerModel[] {
  const byIssuer = new Map<string, JwtIssuerModel>();
  for (const route of gateway.routes) if (route.endUser) byIssuer.set(route.endUser.issuer.issuer, route.endUser.issuer);
  return [...byIssuer.values()].sort((a, b) => compare(a.issuer, b.issuer));
}

/**
 * Token validation at the edge, attached with `targetRefs` to the Gateway: credential exchange
 * (SP 800-204B §4.4, SP 800-207A ID-SEG-REC-4) — the external token is validated here, its
 * claims copied into request headers (`outputClaimToHeaders`), and the token itself is not
 * forwarded unless the issuer asks for it (SP 800-204 MS-SS-10). `forwardOriginalToken` is
 * rendered explicitly, so a reviewer sees the decision. Undefined when no route names an end user.
 */
export function gatewayRequestAuthentication(gateway: IngressGatewayModel): Manifest<GatewayRequestAuthenticationSpec> | undefined {
  const issuers = gatewayIssuers(gateway);
  if (issuers.length === 0) return undefined;
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'RequestAuthentication',
    metadata: { name: gatewayJwtName(gateway), namespace: gateway.namespace },
    spec: {
      targetRefs: gatewayTargetRefs(gateway.name),
      jwtRules: issuers.map((i) => ({ ...jwtRule(i), forwardOriginalToken: i.forwardOriginalToken })),
    },
  };
}
