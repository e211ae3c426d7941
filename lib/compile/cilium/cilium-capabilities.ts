// SPDX-License-Identifier: Apache-2.0
/**
 * What the shared-node (Cilium) model enforces (SP 800-233). The enforcement point is the Cilium
 * agent of the destination's node: eBPF for L3/L4, and the node's Envoy for `rules.http`. Every
 * entry is a decision taken from Cilium's documented CiliumNetworkPolicy API; the object literal
 * is typed with the full `Feature` set, so a new feature does not compile until it is decided
 * here too. Rule shapes the features allow but Cilium cannot take are in `cilium-rule-limits.ts`.
 *
 * @see https://docs.cilium.io/en/stable/security/policy/
 */
import type { Capabilities, Support } from '../capabilities';

const ON_SIDECAR = 'run the service on a sidecar (ProxyModel.sidecar())';

const NO_END_USERS: Support = {
  reason: 'Cilium validates no JWTs: its HTTP rules match only method, path, host and headers, so no end-user identity or claim can be checked',
  fix: `${ON_SIDECAR}, or validate tokens in the application`,
};

/** The shared-node column of the feature table. */
export const CILIUM_CAPABILITIES: Capabilities = {
  // fromEndpoints by ServiceAccount and namespace labels (with SPIFFE mutual authentication),
  // fromCIDR, toPorts; IP-based rules only match sources outside the cluster (see rule limits).
  'allow-l4': true,
  // toPorts[].rules.http: method, path and host regexes, exact `Name: value` headers.
  'allow-l7': true,
  // ingressDeny: identities, namespaces, ports.
  'deny-l4': true,
  'deny-l7': {
    reason: 'Cilium deny policies (ingressDeny) are L3/L4 only: they cannot deny by method, path, host or header',
    fix: `allow only the requests the callers need (allowFrom with methods and paths): Cilium denies everything else; or ${ON_SIDECAR}`,
  },
  'end-user': NO_END_USERS,
  'require-end-user': NO_END_USERS,
  // Condition.sourceIp becomes fromCIDR, only with Peer.anyone() (see rule limits).
  'source-ip': true,
  'header-prefix': {
    reason: 'Cilium HTTP rules match a header by its exact value ("Name: value") only, with no prefix, suffix or non-empty match',
    fix: `match exact values, e.g. Condition.header("x-tenant", Match.exact("eu")); or ${ON_SIDECAR}`,
  },
  'exclude-paths': {
    reason: 'Cilium HTTP rules are allow-lists of RE2 regexes, which have no negation, so a path cannot be excluded',
    fix: `list the allowed paths instead of excluding some; or ${ON_SIDECAR}`,
  },
  'audit': {
    reason: 'CiliumNetworkPolicy only allows or denies; it has no action that marks requests for audit',
    fix: `use Hubble flow logs for the service, or ${ON_SIDECAR}`,
  },
  'custom': {
    reason: 'CiliumNetworkPolicy cannot call an external authorizer (there is no ext_authz action), so its checks would never run',
    fix: ON_SIDECAR,
  },
  'dry-run': {
    reason: 'every CiliumNetworkPolicy rule is enforced: Cilium\'s policy audit mode is an agent- or endpoint-wide setting, not a per-rule dry run',
    fix: `remove dryRun, or ${ON_SIDECAR} to try the rule first`,
  },
  'resilience': {
    reason: 'timeouts, retries and circuit breaking are Istio DestinationRule and VirtualService settings, which only callers running an Istio proxy apply; no Istio proxy runs in shared-node pods, and Cilium network policies have no such settings',
    fix: `leave resilience unset and set timeouts and retries in the clients, or ${ON_SIDECAR}`,
  },
  // egress: toFQDNs per declared host, with the DNS rule the FQDN policy needs.
  'egress': true,
};
