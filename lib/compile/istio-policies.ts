// SPDX-License-Identifier: Apache-2.0
/**
 * The Istio security objects of one service, for every proxy model that enforces Istio policy
 * (sidecar, waypoint, ztunnel, proxyless gRPC): RequestAuthentication, one AuthorizationPolicy per
 * action and dry-run flag, and the token requirement. Only the attachment differs per model.
 */
import { groupRules, mergeRules, type RuleGroup } from './access-rules';
import type { ObjectSlot } from './backend';
import { DRY_RUN_ANNOTATION, ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest, type RequestAuthenticationSpec } from './manifest';
import { jwtRule, requestAuthenticationName } from './request-authentication';
import { compare } from './access-rules';
import { carriesHttp } from '../model/http';
import type { MeshModel, ServiceModel } from '../model/mesh-model';

/** How a policy reaches its enforcement point. */
export type Attachment =
  /** Pods with these labels (sidecars, ztunnel, proxyless gRPC). */
  | { readonly selector: Readonly<Record<string, string>> }
  /** The Kubernetes Service (waypoints). */
  | { readonly targetService: string };

/** Annotation recording why an external authorizer may fail open. */
export const FAIL_OPEN_ANNOTATION = 'mesh.cdk8s.io/authorizer-fail-open';

/** Name of a service's policy for one rule group, e.g. `cart-allow`, `cart-deny-dry-run`. Part of the output contract. */
export function policyName(service: ServiceModel, group: Pick<RuleGroup, 'action' | 'dryRun'>): string {
  return `${service.name}-${group.action.toLowerCase()}${group.dryRun ? '-dry-run' : ''}`;
}

/** Name of the DENY policy that makes an end-user token mandatory. Part of the output contract. */
export function requireJwtPolicyName(service: ServiceModel): string {
  return `${service.name}-require-jwt`;
}

/** The attachment fields of a policy spec. */
export function attach(attachment: Attachment): { selector?: { matchLabels: Record<string, string> }; targetRefs?: { group: string; kind: string; name: string }[] } {
  return 'selector' in attachment
    ? { selector: { matchLabels: { ...attachment.selector } } }
    : { targetRefs: [{ group: '', kind: 'Service', name: attachment.targetService }] };
}

/** Slots (kind, name, annotations) of `istioPolicies`, from the service's own intent. */
export function istioPolicySlots(service: ServiceModel): ObjectSlot[] {
  const slot = (kind: string, name: string, annotations?: Record<string, string>): ObjectSlot => ({
    apiVersion: ISTIO_SECURITY_API, kind, name, namespace: service.namespace, ...(annotations ? { annotations } : {}),
  });
  return [
    ...(service.jwtIssuers.length ? [slot('RequestAuthentication', requestAuthenticationName(service))] : []),
    ...groupRules(service).map((g) => slot('AuthorizationPolicy', policyName(service, g), policyAnnotations(g))),
    ...(service.requireEndUser ? [slot('AuthorizationPolicy', requireJwtPolicyName(service))] : []),
  ];
}

/** The objects for the slots of `istioPolicySlots`, attached with `attachment`. */
export function istioPolicies(mesh: MeshModel, service: ServiceModel, attachment: Attachment): Manifest[] {
  const out: Manifest[] = [];
  if (service.jwtIssuers.length) out.push(requestAuthenticationFor(service, attachment));
  for (const group of groupRules(service)) out.push(policy(mesh, service, group, attachment));
  if (service.requireEndUser) out.push(requireJwt(service, attachment));
  return out;
}

/** Annotations of a group's policy: dry-run, and the fail-open justification of its authorizer. */
function policyAnnotations(group: RuleGroup): Record<string, string> | undefined {
  const annotations: Record<string, string> = {
    ...(group.dryRun ? { [DRY_RUN_ANNOTATION]: 'true' } : {}),
    ...(group.providerFailOpen !== undefined ? { [FAIL_OPEN_ANNOTATION]: group.providerFailOpen } : {}),
  };
  return Object.keys(annotations).length ? annotations : undefined;
}

function policy(mesh: MeshModel, service: ServiceModel, group: RuleGroup, attachment: Attachment): Manifest<AuthorizationPolicySpec> {
  const annotations = policyAnnotations(group);
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: policyName(service, group), namespace: service.namespace, ...(annotations ? { annotations } : {}) },
    spec: {
      ...attach(attachment),
      action: group.action,
      ...(group.provider !== undefined ? { provider: { name: group.provider } } : {}),
      rules: mergeRules(mesh.trustDomain, service, group.rules),
    },
  };
}

/** Token validation on the service's enforcement point, one `jwtRules` entry per issuer. */
function requestAuthenticationFor(service: ServiceModel, attachment: Attachment): Manifest<RequestAuthenticationSpec> {
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'RequestAuthentication',
    metadata: { name: requestAuthenticationName(service), namespace: service.namespace },
    spec: {
      ...(attach(attachment) as RequestAuthenticationSpec),
      jwtRules: [...service.jwtIssuers].sort((a, b) => compare(a.issuer, b.issuer)).map(jwtRule),
    },
  };
}

/**
 * DENY requests without a valid token. Limited to the HTTP ports when the service also has
 * TCP ports: on a TCP port Istio drops the HTTP-only field and the DENY would match everything.
 */
function requireJwt(service: ServiceModel, attachment: Attachment): Manifest<AuthorizationPolicySpec> {
  const mixed = service.ports.some((p) => !carriesHttp(p.protocol));
  const ports = service.ports.filter((p) => carriesHttp(p.protocol)).map((p) => String(p.targetPort));
  return {
    apiVersion: ISTIO_SECURITY_API,
    kind: 'AuthorizationPolicy',
    metadata: { name: requireJwtPolicyName(service), namespace: service.namespace },
    spec: {
      ...attach(attachment),
      action: 'DENY',
      rules: [{
        from: [{ source: { notRequestPrincipals: ['*'] } }],
        ...(mixed ? { to: [{ operation: { ports: [...new Set(ports)].sort() } }] } : {}),
      }],
    },
  };
}
