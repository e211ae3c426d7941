// SPDX-License-Identifier: Apache-2.0
/**
 * The SP 800-233 risk × proxy-model matrix (DESIGN.md decision 4) as data: which data-plane
 * model a service of each risk profile may run on. One rule (MESH-MODEL-01) reads it.
 */
import type { ProxyModelKind, RiskLevel } from '../model/mesh-model';

/** A cell of the matrix. */
export interface MatrixCell {
  /** `required`/`recommended`/`allowed` are compliant; `note` is compliant with an informational note. */
  readonly verdict: 'required' | 'recommended' | 'allowed' | 'note' | 'not-desirable' | 'not-allowed';
  /** Why, in the words of the guidance. */
  readonly reason: string;
}

/** Row per risk profile, column per proxy model. */
export const RISK_MODEL_MATRIX: Readonly<Record<RiskLevel, Readonly<Record<ProxyModelKind, MatrixCell>>>> = {
  high: {
    sidecar: { verdict: 'required', reason: 'a per-pod proxy isolates each high-risk workload\'s credentials and traffic' },
    ambient: { verdict: 'not-allowed', reason: 'SP 800-233 admits only the sidecar model for high risk: ztunnel is shared by every pod of the node' },
    sharedNode: { verdict: 'not-allowed', reason: 'SP 800-233 admits only the sidecar model for high risk: the node proxy terminates L4–L7 for every pod of the node' },
    proxyless: { verdict: 'not-allowed', reason: 'SP 800-233 admits only the sidecar model for high risk: a proxyless client enforces policy inside the application itself' },
  },
  medium: {
    sidecar: { verdict: 'allowed', reason: 'a per-pod proxy is acceptable for medium risk' },
    ambient: { verdict: 'recommended', reason: 'SP 800-233 recommends ambient (shared L4, per-identity L7 waypoint) for medium risk' },
    sharedNode: { verdict: 'not-desirable', reason: 'SP 800-233 calls a shared L4–L7 node proxy not desirable for medium risk: one proxy holds the L7 state and keys of every pod of the node' },
    proxyless: { verdict: 'recommended', reason: 'SP 800-233 recommends proxyless gRPC for medium risk, with L4 and limited L7 policy only' },
  },
  low: {
    sidecar: { verdict: 'note', reason: 'a per-pod proxy is more than low risk needs (unneeded attack surface and cost); a shared model would do' },
    ambient: { verdict: 'allowed', reason: 'every model is acceptable for low risk' },
    sharedNode: { verdict: 'allowed', reason: 'every model is acceptable for low risk' },
    proxyless: { verdict: 'note', reason: 'a proxyless gRPC client adds xDS machinery to the application that low risk does not need (unneeded attack surface)' },
  },
};

/** The models a risk profile admits without a finding, in the guidance's order of preference. */
export function admittedModels(risk: RiskLevel): ProxyModelKind[] {
  const row = RISK_MODEL_MATRIX[risk];
  const order: MatrixCell['verdict'][] = ['required', 'recommended', 'allowed', 'note'];
  return (Object.keys(row) as ProxyModelKind[]).filter((m) => order.includes(row[m].verdict)).sort((a, b) => order.indexOf(row[a].verdict) - order.indexOf(row[b].verdict));
}
