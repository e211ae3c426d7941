// SPDX-License-Identifier: Apache-2.0
import { arrayOf, describeRef, objectOf } from '../../../analyze/manifest-object';
import { type MeshRule, compliant, violation } from '../../rule';
import { specOf } from '../authz/authz-helpers';
import { appliesToGateway, requestAuthentications } from './end-user-helpers';

/** SP 800-204 MS-SS-10: user session tokens stop at the gateway. */
export const GATEWAY_KEEPS_TOKENS: MeshRule = {
  id: 'MESH-EU-04',
  title: 'Gateways do not forward the end user\'s original token',
  rationale: 'A token forwarded past the gateway can be replayed by any service that sees it, with the user\'s full authority and for its '
    + 'whole lifetime. The gateway should validate it and pass on only the claims the services need (or an internally issued token).',
  fix: 'leave `forwardOriginalToken` unset on the `JwtIssuer` used in `IngressGateway.route(..., { endUser })` (the SDK renders '
    + '`forwardOriginalToken: false` and copies claims with `claimsToHeaders`); in hand-written YAML, remove `forwardOriginalToken: true` from '
    + 'the jwtRules of RequestAuthentications attached to gateways and use `outputClaimToHeaders`',
  severity: 'warning',
  recommendations: ['MS-SS-10'],
  controls: ['IA-5', 'SC-23'],
  target: 'manifest',
  check({ inventory }) {
    return requestAuthentications(inventory).flatMap((ra) => {
      const gateways = appliesToGateway(inventory, ra);
      if (gateways.length === 0) return [];
      const where = describeRef(ra.ref);
      const forwarding = arrayOf(specOf(ra).jwtRules).map(objectOf).map((r, i) => ({ r, i })).filter(({ r }) => r.forwardOriginalToken === true)
        .map(({ r, i }) => `jwtRules[${i}]${typeof r.issuer === 'string' ? ` (${r.issuer})` : ''}`);
      if (forwarding.length) {
        return [violation(ra.ref, `${where} applies to ${gateways.join(', ')} and sets forwardOriginalToken: true on ${forwarding.join(', ')}; expected false or unset`)];
      }
      return [compliant(ra.ref, `${where} applies to ${gateways.join(', ')} and forwards no original token`)];
    });
  },
};
