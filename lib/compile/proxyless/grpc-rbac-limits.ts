// SPDX-License-Identifier: Apache-2.0
/**
 * Rule shapes gRPC's xDS RBAC filter cannot take, although the feature they belong to is
 * enforced. gRPC NACKs (rejects) a Listener whose RBAC filter it cannot parse (gRFC A39/A41): the
 * server then keeps its previous, stale policy, or serves nothing if it never had one. So these
 * are errors, never emitted.
 */
import type { MeshErrorDetails } from '../../model/errors';
import type { AccessRuleModel, ServiceModel } from '../../model/mesh-model';

const VERBS: Readonly<Record<string, string>> = { ALLOW: 'allowFrom', DENY: 'denyFrom', AUDIT: 'auditFrom', CUSTOM: 'authorizeWith' };

/** The first rule of `service` that gRPC's RBAC filter cannot take, as error details; undefined when all can be enforced. */
export function grpcRbacProblem(service: ServiceModel): MeshErrorDetails | undefined {
  for (const rule of service.access) {
    const problem = ruleProblem(rule);
    if (problem) return { path: rule.declaredAt, ...problem, problem: `${VERBS[rule.action]}: ${problem.problem}` };
  }
  return undefined;
}

/** Why gRPC's RBAC filter cannot take `rule`, or undefined. */
export function ruleProblem(rule: AccessRuleModel): Omit<MeshErrorDetails, 'path'> | undefined {
  // Istio renders `{*}` / `{**}` as an RBAC `uri_template` permission, which gRPC's RBAC filter
  // does not implement (grpc-go internal/xds/rbac: "unsupported permission rule type").
  const template = [...rule.paths, ...rule.notPaths].find((p) => p.includes('{'));
  if (template !== undefined) {
    return {
      problem: 'path template on the proxyless gRPC model',
      value: template,
      expected: 'exact, prefix or suffix paths (gRPC\'s RBAC filter has no uri_template matcher and rejects the whole listener configuration)',
      fix: 'list the methods, e.g. Match.exact("/shop.Cart/AddItem"), or a service prefix, e.g. Match.prefix("/shop.Cart/")',
    };
  }
  for (const condition of rule.conditions) {
    const header = /^request\.headers\[(.+)\]$/.exec(condition.key)?.[1];
    if (header === undefined) continue;
    if (header.startsWith('grpc-')) {
      return {
        problem: 'condition on a reserved gRPC header',
        value: header,
        expected: 'a header not starting with "grpc-" (gRFC A41: a matcher on grpc- headers is invalid and gRPC rejects the whole listener configuration)',
        fix: 'match an application header instead',
      };
    }
    if (header.endsWith('-bin')) {
      return {
        problem: 'condition on a binary gRPC header',
        value: header,
        expected: 'a text header (gRFC A41 matches "-bin" metadata in its base64 form, and gRPC implementations do not expose it consistently)',
        fix: 'send the attribute in a text header',
      };
    }
  }
  return undefined;
}
