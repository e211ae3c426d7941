// SPDX-License-Identifier: Apache-2.0
import { groupRules, mergeRules, type RuleGroup } from '../access-rules';
import type { MeshBackend, ObjectSlot } from '../backend';
import { DRY_RUN_ANNOTATION, ISTIO_SECURITY_API, type AuthorizationPolicySpec, type Manifest } from '../manifest';
import { requestAuthentication, requestAuthenticationName } from '../request-authentication';
import { carriesHttp } from '../../model/http';
import type { MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

/** Name of a service's policy for one rule group, e.g. `cart-allow`, `cart-deny-dry-run`. Part of the output contract. */
export function policyName(service: ServiceModel, group: Pick<RuleGroup, 'action' | 'dryRun'>): string {
  return `${service.name}-${group.action.toLowerCase()}${group.dryRun ? '-dry-run' : ''}`;
}

/** Annotation recording why an external authorizer may fail open. */
export const FAIL_OPEN_ANNOTATION = 'mesh.cdk8s.io/authorizer-fail-open';

/** Annotations of a group's policy: dry-run, and the fail-open justification of its authorizer. */
function policyAnnotations(group: RuleGroup): Record<string, string> | undefined {
  const annotations: Record<string, string> = {
    ...(group.dryRun ? { [DRY_RUN_ANNOTATION]: 'true' } : {}),
    ...(group.providerFailOpen !== undefined ? { [FAIL_OPEN_ANNOTATION]: group.providerFailOpen } : {}),
  };
  return Object.keys(annotations).length ? annotations : undefined;
}

/** Name of the DENY policy that makes an end-user token mandatory. Part of the output contract. */
export function requireJwtPolicyName(service: ServiceModel): string {
  return `${service.name}-require-jwt`;
}

/**
 * SP 800-233 sidecar model: an Envoy proxy in every pod, injected by namespace label; access
 * intent becomes one AuthorizationPolicy per action (and dry-run flag), attached with `selector`,
 * and end-user tokens are validated by the service's own RequestAuthentication.
 */
export class SidecarBackend implements MeshBackend {
  public readonly kind = 'sidecar' as const;

  public namespaceLabels(): Readonly<Record<string, string>> {
    return { 'istio-injection': 'enabled' };
  }

  public objectSlots(_mesh: MeshSettingsModel, service: ServiceModel): readonly ObjectSlot[] {
    const slot = (kind: string, name: string, annotations?: Record<string, string>): ObjectSlot => ({
      apiVersion: ISTIO_SECURITY_API, kind, name, namespace: service.namespace, ...(annotations ? { annotations } : {}),
    });
    return [
      ...(service.jwtIssuers.length ? [slot('RequestAuthentication', requestAuthenticationName(service))] : []),
      ...groupRules(service).map((g) => slot('AuthorizationPolicy', policyName(service, g), policyAnnotations(g))),
      ...(service.requireEndUser ? [slot('AuthorizationPolicy', requireJwtPolicyName(service))] : []),
    ];
  }

  public compileService(mesh: MeshModel, service: ServiceModel): readonly Manifest[] {
    const out: Manifest[] = [];
    const authn = requestAuthentication(service);
    if (authn) out.push(authn);
    for (const group of groupRules(service)) out.push(this.policy(mesh, service, group));
    if (service.requireEndUser) out.push(this.requireJwt(service));
    return out;
  }

  private policy(mesh: MeshModel, service: ServiceModel, group: RuleGroup): Manifest<AuthorizationPolicySpec> {
    return {
      apiVersion: ISTIO_SECURITY_API,
      kind: 'AuthorizationPolicy',
      metadata: {
        name: policyName(service, group),
        namespace: service.namespace,
        ...(policyAnnotations(group) ? { annotations: policyAnnotations(group) } : {}),
      },
      spec: {
        selector: { matchLabels: { ...service.selector } },
        action: group.action,
        ...(group.provider !== undefined ? { provider: { name: group.provider } } : {}),
        rules: mergeRules(mesh.trustDomain, service, group.rules),
      },
    };
  }

  /**
   * DENY requests without a valid token. Limited to the HTTP ports when the service also has
   * TCP ports: on a TCP port Istio drops the HTTP-only field and the DENY would match everything.
   */
  private requireJwt(service: ServiceModel): Manifest<AuthorizationPolicySpec> {
    const mixed = service.ports.some((p) => !carriesHttp(p.protocol));
    const ports = service.ports.filter((p) => carriesHttp(p.protocol)).map((p) => String(p.targetPort));
    return {
      apiVersion: ISTIO_SECURITY_API,
      kind: 'AuthorizationPolicy',
      metadata: { name: requireJwtPolicyName(service), namespace: service.namespace },
      spec: {
        selector: { matchLabels: { ...service.selector } },
        action: 'DENY',
        rules: [{
          from: [{ source: { notRequestPrincipals: ['*'] } }],
          ...(mixed ? { to: [{ operation: { ports: [...new Set(ports)].sort() } }] } : {}),
        }],
      },
    };
  }
}
