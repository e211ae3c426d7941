// SPDX-License-Identifier: Apache-2.0
/**
 * Intent the shared-node (Cilium) model cannot express although its feature is enforced. Each
 * would otherwise be rendered weaker or wider than Istio's meaning, so each is an error:
 *
 * - Cilium CIDR selectors never match pods or nodes of the cluster ("By default, CIDR-based
 *   selectors do not match in-cluster entities", Cilium docs, Layer 3 "IP/CIDR based"). An IP-based
 *   DENY would therefore not deny in-cluster sources in the block, and an excluded address
 *   (`sourceIpNot`) cannot be carved out of in-cluster sources.
 * - One Cilium ingress rule selects its sources by one kind of selector (endpoints *or* CIDRs), and
 *   the selectors of a rule are alternatives: an identity cannot be ANDed with an address.
 * - Cilium HTTP header rules are positive exact matches: no negation.
 * - Peers are selected by the labels of endpoints in this cluster: an identity of another trust
 *   domain would match the local namespace and ServiceAccount of the same name.
 * - External services the mesh reaches through Istio (TLS origination, egress gateway) need an
 *   Istio proxy in the caller.
 */
import type { RuleProblem } from '../backend';
import { externalKey } from '../egress/service-entry';
import type { MeshErrorDetails } from '../../model/errors';
import type { AccessRuleModel, MeshModel, MeshSettingsModel, ServiceModel } from '../../model/mesh-model';

const MODEL = 'the shared-node (Cilium) model';
const ON_SIDECAR = 'run the service on a sidecar (ProxyModel.sidecar())';

/** Why Cilium cannot take `rule` as Istio means it, or undefined. Checked before the rule is recorded. */
export function ciliumRuleProblem(rule: AccessRuleModel): RuleProblem | undefined {
  const headerNot = rule.conditions.find((c) => c.http && c.notValues.length > 0);
  if (headerNot) {
    return {
      problem: `header exclusion on ${MODEL}`,
      value: headerNot.key,
      expected: 'header conditions that list the accepted values (Cilium HTTP rules only match a header that is present with an exact value; they cannot negate a match)',
      fix: `admit the accepted values with Condition.header(name, Match.exact(…)), or ${ON_SIDECAR}`,
    };
  }
  const notIp = rule.conditions.find((c) => c.key === 'source.ip' && c.notValues.length > 0);
  if (notIp) {
    return {
      problem: `Condition.sourceIpNot on ${MODEL}`,
      value: notIp.notValues,
      expected: 'no excluded addresses (Cilium CIDR rules only match sources outside the cluster, so in-cluster sources cannot be excluded by address)',
      fix: `admit callers by identity or namespace (Peer.service, Peer.namespace), or ${ON_SIDECAR}`,
    };
  }
  const ipConditions = rule.conditions.filter((c) => c.key === 'source.ip');
  if (ipConditions.length > 1) {
    return {
      problem: `several Condition.sourceIp on ${MODEL}`,
      value: ipConditions.map((c) => c.values),
      expected: 'one Condition.sourceIp listing every accepted block (conditions must all hold, and Cilium lists CIDRs as alternatives only)',
      fix: 'keep one Condition.sourceIp with the blocks that should be admitted',
    };
  }
  const sourceIp = ipConditions.flatMap((c) => c.values);
  const ipBlocks = rule.sources.flatMap((s) => s.ipBlocks);
  if (rule.action === 'DENY' && sourceIp.length + ipBlocks.length > 0) {
    return {
      problem: `IP-based DENY on ${MODEL}`,
      value: [...ipBlocks, ...sourceIp],
      expected: 'DENY rules by identity or namespace (Cilium CIDR rules never match pods or nodes of the cluster, which carry label identities, so the deny would not cover in-cluster sources in the block)',
      fix: `deny in-cluster callers with Peer.service or Peer.namespace (sources outside the cluster are denied unless an allowFrom admits them), or ${ON_SIDECAR}`,
    };
  }
  const peer = rule.sources.find((s) => !s.anyone);
  if (sourceIp.length > 0 && peer) {
    return {
      problem: `Condition.sourceIp with a peer on ${MODEL}`,
      value: peer.label,
      expected: 'Condition.sourceIp only with Peer.anyone() (a Cilium rule selects its sources either by endpoint labels or by CIDR, so an identity cannot be combined with an address)',
      fix: 'admit the address block with allowFrom(Peer.anyone(), { when: [Condition.sourceIp(…)] }), and the peer in a rule of its own',
    };
  }
  return undefined;
}

/** The first identity of another trust domain that one of the service's rules names, as error details. */
export function foreignIdentityProblem(mesh: MeshSettingsModel, service: ServiceModel): MeshErrorDetails | undefined {
  for (const rule of service.access) {
    for (const source of rule.sources) {
      const foreign = source.identities.find((i) => i.trustDomain !== undefined && i.trustDomain !== mesh.trustDomain);
      if (!foreign) continue;
      return {
        path: rule.declaredAt,
        problem: `${rule.action === 'DENY' ? 'denyFrom' : 'allowFrom'}: identity of another trust domain on ${MODEL}`,
        value: `${foreign.trustDomain}/ns/${foreign.namespace}/sa/${foreign.serviceAccount}`,
        expected: `identities of the trust domain ${mesh.trustDomain} (Cilium selects peers by the labels of endpoints in this cluster, so it would admit the local ServiceAccount of the same name)`,
        fix: 'admit the peer on a sidecar service (ProxyModel.sidecar()), which matches the whole SPIFFE principal',
      };
    }
  }
  return undefined;
}

/** Why a declared external service cannot be reached from a shared-node workload, as error details. */
export function egressProblem(mesh: MeshModel, service: ServiceModel): MeshErrorDetails | undefined {
  for (const ext of mesh.externalServices.filter((e) => service.egress.includes(externalKey(e)))) {
    if (ext.tlsOrigination) {
      return {
        path: service.path,
        problem: `allowEgressTo: TLS origination on ${MODEL}`,
        value: ext.path,
        expected: 'an external service the workload encrypts itself, or a justified plaintext exception (an Istio proxy originates the TLS, and none runs in shared-node pods: the request would leave in plaintext)',
        fix: 'use EgressTls.byWorkload() with TLS or HTTPS ports, or run the caller on a sidecar (ProxyModel.sidecar())',
      };
    }
    if (ext.egressGateway) {
      return {
        path: service.path,
        problem: `allowEgressTo: egress gateway on ${MODEL}`,
        value: ext.path,
        expected: 'an external service reached directly (the egress gateway admits only Istio mTLS callers, which shared-node workloads are not, and a direct FQDN rule would bypass it)',
        fix: 'run the caller on a sidecar (ProxyModel.sidecar()), or declare an ExternalService without egressGateway for it',
      };
    }
  }
  return undefined;
}
