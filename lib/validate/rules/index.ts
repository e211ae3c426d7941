// SPDX-License-Identifier: Apache-2.0
/** Every rule of cdk8s-mesh, by area. */
import { AUTHZ_RULES } from './authz';
import { EGRESS_RULES } from './egress';
import { END_USER_RULES } from './end-user';
import { EXTENSIONS_RULES } from './extensions';
import { INGRESS_RULES } from './ingress';
import { ISTIO_SEMANTICS_RULES } from './istio-semantics';
import { MTLS_RULES } from './mtls';
import { NETWORK_RULES } from './network';
import { PROXY_MODEL_RULES } from './proxy-model';
import { RESILIENCE_RULES } from './resilience';
import { TELEMETRY_RULES } from './telemetry';
import { WORKLOAD_RULES } from './workload';
import type { MeshRule } from '../rule';

/** All rules, in id order. */
export const ALL_RULES: readonly MeshRule[] = [
  ...PROXY_MODEL_RULES, ...MTLS_RULES, ...AUTHZ_RULES, ...END_USER_RULES, ...EGRESS_RULES,
  ...RESILIENCE_RULES, ...TELEMETRY_RULES, ...WORKLOAD_RULES, ...INGRESS_RULES, ...EXTENSIONS_RULES, ...NETWORK_RULES,
  ...ISTIO_SEMANTICS_RULES,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** All rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, MeshRule> = new Map(ALL_RULES.map((r) => [r.id, r]));
