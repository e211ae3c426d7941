// SPDX-License-Identifier: Apache-2.0
/**
 * The semantic traps of istio-authz-semantics.md §b8 that a static check decides. Traps covered
 * elsewhere: 7 and 8 (L7 attributes, CUSTOM and AUDIT at ztunnel) by MESH-MODEL-02, 11 (waypoint
 * bypass) by MESH-MODEL-03, 15 and 24 (token conditions without validation, JWT rules on
 * proxyless gRPC) by MESH-EU-02. Trap 1 (what a new ALLOW newly denies) needs a baseline: it is
 * `cdk8s-mesh diff`'s job.
 */
import { ATTACHMENT_MATCHES_PROXY } from './attachment-matches-proxy';
import { DENY_CUSTOM_HAVE_RULES } from './deny-custom-have-rules';
import { DRY_RUN_HONOURED } from './dry-run-honoured';
import { HTTP_ALLOW_ON_TCP } from './http-allow-on-tcp';
import { HTTP_DENY_ON_TCP } from './http-deny-on-tcp';
import { MTLS_FIELDS_NEED_MTLS } from './mtls-fields-need-mtls';
import { NO_HOSTS_ON_SIDECARS } from './no-hosts-on-sidecars';
import { PATH_NORMALIZATION } from './path-normalization';
import { PEER_AUTHENTICATION_CONFLICTS } from './peer-authentication-conflicts';
import { PROXYLESS_ALLOW_NOTHING } from './proxyless-allow-nothing';
import { REMOTE_IP_TRUSTED_PROXIES } from './remote-ip-trusted-proxies';
import { ROOT_NAMESPACE_SELECTORS } from './root-namespace-selectors';
import { SERVICE_ACCOUNTS_VALID } from './service-accounts-valid';
import { SINGLE_CUSTOM_PROVIDER } from './single-custom-provider';
import { TARGET_REFS_VALID } from './target-refs-valid';
import { TRUST_DOMAIN_ALIASES } from './trust-domain-aliases';
import { UPPER_CASE_METHODS } from './upper-case-methods';
import { WILDCARDS_SUPPORTED } from './wildcards-supported';
import { ZTUNNEL_ADMITS_WAYPOINT } from './ztunnel-admits-waypoint';
import type { MeshRule } from '../../rule';

/** Rules of the istio-semantics area, in id order (MESH-SEM-01…19, by §b8 trap). */
export const ISTIO_SEMANTICS_RULES: readonly MeshRule[] = [
  PROXYLESS_ALLOW_NOTHING, DENY_CUSTOM_HAVE_RULES, MTLS_FIELDS_NEED_MTLS, HTTP_DENY_ON_TCP, HTTP_ALLOW_ON_TCP, ATTACHMENT_MATCHES_PROXY,
  ZTUNNEL_ADMITS_WAYPOINT, TARGET_REFS_VALID, SERVICE_ACCOUNTS_VALID, WILDCARDS_SUPPORTED, REMOTE_IP_TRUSTED_PROXIES, NO_HOSTS_ON_SIDECARS,
  UPPER_CASE_METHODS, PATH_NORMALIZATION, ROOT_NAMESPACE_SELECTORS, PEER_AUTHENTICATION_CONFLICTS, DRY_RUN_HONOURED, SINGLE_CUSTOM_PROVIDER,
  TRUST_DOMAIN_ALIASES,
];
