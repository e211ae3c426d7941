// SPDX-License-Identifier: Apache-2.0
/**
 * What the proxyless gRPC model enforces (SP 800-233; istio-authz-semantics §b7). The enforcement
 * point is the gRPC library of the server itself, configured by istiod's gRPC generator
 * (istio/istio `pilot/pkg/networking/grpcgen`), and its xDS RBAC filter implements gRFC A41.
 * Every entry below is a decision taken from those sources; the object literal is typed with the
 * full `Feature` set, so a new feature does not compile until it is decided here too.
 */
import type { Capabilities, Support } from '../capabilities';

const ON_SIDECAR = 'run the service on ProxyModel.sidecar()';

const NO_END_USERS: Support = {
  reason: 'the gRPC xDS library validates no JWTs (Istio sends it no jwt_authn filter), and its RBAC filter never matches the request.auth metadata (gRFC A41): an ALLOW for an end user never matches, and a DENY of requests without a token matches every request',
  fix: `${ON_SIDECAR}, or validate tokens in the application`,
};

/** The proxyless column of the feature table. */
export const PROXYLESS_CAPABILITIES: Capabilities = {
  // Identities and namespaces match the client certificate's URI SAN, IP blocks and
  // Condition.sourceIp the peer address, ports the local port (A41 `authenticated`,
  // `direct_remote_ip`/`source_ip`/`remote_ip`, `destination_port`).
  'allow-l4': true,
  'deny-l4': true,
  // `:method` (always POST for gRPC), `:authority` and other headers are header matchers, paths are
  // `url_path` on the full method name `/package.Service/Method` (A41); gRPC evaluates the DENY
  // filter before the ALLOW filter, as Envoy does (grpcgen/lds.go buildInboundFilterChain).
  'allow-l7': true,
  'deny-l7': true,
  'source-ip': true,
  // gRPC's header matcher supports present, prefix, suffix and string_match (grpc-go
  // internal/xds/matcher HeaderMatcherFromProto).
  'header-prefix': true,
  // notPaths become an RBAC not_rule, which gRPC supports.
  'exclude-paths': true,
  'end-user': NO_END_USERS,
  'require-end-user': NO_END_USERS,
  'audit': {
    reason: 'Istio builds only DENY and ALLOW RBAC filters for gRPC servers and drops AUDIT policies (grpcgen/lds.go)',
    fix: ON_SIDECAR,
  },
  'custom': {
    reason: 'Istio builds only DENY and ALLOW RBAC filters for gRPC servers and drops CUSTOM policies (grpcgen/lds.go), so the external authorizer would never be called (fail open)',
    fix: ON_SIDECAR,
  },
  'dry-run': {
    reason: 'Istio\'s gRPC generator ignores the istio.io/dry-run annotation (grpcgen/lds.go builds every DENY and ALLOW policy into the enforced filters), so a dry-run rule would be enforced',
    fix: `remove dryRun, or ${ON_SIDECAR} to try the rule first`,
  },
  'resilience': {
    reason: 'gRPC clients apply only part of it: the timeout (as max_stream_duration, gRFC A31), retries on gRPC status codes only and without per-try timeouts (A44) and the concurrent-request limit (A32); Istio sends them no outlier detection, connection limits or connection lifetime (grpcgen/cds.go)',
    fix: `leave resilience unset and set deadlines and retry policies in the clients' gRPC service config, or ${ON_SIDECAR}`,
  },
  'egress': {
    reason: 'nothing intercepts a proxyless pod\'s traffic (the grpc-agent template adds no iptables init container and no DNS capture), so the application can open connections to any address and REGISTRY_ONLY and the declared egress hosts are not enforced',
    fix: 'run services that call external services on ProxyModel.sidecar()',
  },
};
