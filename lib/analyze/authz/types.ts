// SPDX-License-Identifier: Apache-2.0
/**
 * The authorization engine's inputs and outputs: the batch interface of DESIGN.md decision 10
 * (requests in, decisions with their enforcement chain out), and the access matrix and diff
 * built on it. Plain data, stable: tests and pipelines consume these shapes as JSON. The
 * shapes are jsii structs (mutable array and map types, string-literal unions read as strings),
 * because `MeshTesting` returns them to every language.
 */

/** Who sends a request. Exactly one form is set. */
export interface RequestSource {
  /** A workload of the manifests, `<namespace>/<name>` (Deployment, StatefulSet…): its ServiceAccount's identity, over mTLS when it is in the mesh. */
  readonly workload?: string;
  /** A peer identity, `<trust domain>/ns/<ns>/sa/<sa>`, over mTLS. */
  readonly principal?: string;
  /** A peer without mesh identity (plaintext), optionally from an address. */
  readonly plaintext?: boolean;
  /** Source address (plaintext peers, `ipBlocks`). */
  readonly ip?: string;
}

/** Where a request goes: a Service of the manifests and one of its ports. */
export interface RequestDestination {
  readonly service: string;
  readonly namespace: string;
  /** The Service port. */
  readonly port: number;
}

/** The HTTP part of a request; absent means plain TCP. */
export interface RequestHttp {
  readonly method: string;
  readonly path: string;
  /** `:authority`. @default the destination Service's FQDN */
  readonly host?: string;
  /** Header names are matched case-insensitively. */
  readonly headers?: { [key: string]: string };
}

/** A validated end-user token. */
export interface RequestJwt {
  readonly iss: string;
  readonly sub: string;
  readonly aud?: string[];
  /** Claims; nested claims as nested objects, list claims as arrays. */
  readonly claims?: { [key: string]: any };
}

/** One request to decide (DESIGN.md decision 10). */
export interface AccessRequest {
  readonly id: string;
  readonly source: RequestSource;
  readonly destination: RequestDestination;
  readonly http?: RequestHttp;
  readonly jwt?: RequestJwt;
}

/** The kind of an enforcement point. */
export type EnforcementPointKind = 'gateway' | 'sidecar' | 'waypoint' | 'ztunnel' | 'proxyless' | 'cilium';

/** One hop of the enforcement chain and what it decided. */
export interface ChainStep {
  readonly point: EnforcementPointKind;
  readonly decision: 'ALLOW' | 'DENY';
  /** The deciding policy, `<namespace>/<name>` (absent when no policy decided, e.g. no ALLOW policy applies). */
  readonly policy?: string;
  /** The deciding rule, `ns[<namespace>]-policy[<name>]-rule[<index>]` (Envoy RBAC naming). */
  readonly rule?: string;
  /** Detail (not part of the decision 10 JSON unless asked for): which proxy, why no ALLOW matched, what was ignored. */
  readonly detail?: StepDetail;
}

/** Why a step decided as it did. */
export interface StepDetail {
  /** The proxy, e.g. `shop/cart-waypoint` or `shop/cart` (the workload). */
  readonly at: string;
  /** One sentence, e.g. `no ALLOW policy matched: shop/cart-allow rule 0 needs method GET`. */
  readonly reason: string;
  /** Policies or rules the point ignores or translates (L7 at ztunnel, HTTP fields on TCP…). */
  readonly notes?: string[];
}

/** The decision for one request (DESIGN.md decision 10). */
export interface AccessDecision {
  readonly id: string;
  readonly decision: 'ALLOW' | 'DENY';
  readonly chain: ChainStep[];
}

/** A source row of the access matrix. */
export interface MatrixSource {
  /** `<trust domain>/ns/<ns>/sa/<sa>`, or `*` for any authenticated peer, or `plaintext`. */
  readonly principal: string;
  /** The workloads that run as it (`<ns>/<name>`), for display. */
  readonly workloads: string[];
}

/** A destination column of the access matrix. */
export interface MatrixDestination {
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
  /** `http`, `http2`, `grpc`, `tcp`… as the Service declares it. */
  readonly protocol: string;
}

/** One cell: under what the source may reach the destination. */
export interface MatrixCell {
  readonly source: string;
  readonly destination: MatrixDestination;
  /** `always`: any request; `conditional`: only those listed in `conditions`. */
  readonly access: 'always' | 'conditional';
  /** Human-readable conditions, sorted, e.g. `GET /cart/*`, `POST /charge with jwt iss=https://idp scope=pay`. */
  readonly conditions: string[];
  /** The ALLOW rules that grant it, `ns[..]-policy[..]-rule[..]`. */
  readonly rules: string[];
}

/** Who can reach whom (cells that allow nothing are omitted). */
export interface AccessMatrix {
  readonly sources: MatrixSource[];
  readonly destinations: MatrixDestination[];
  /** Sorted by source, then destination namespace, service, port. */
  readonly cells: MatrixCell[];
}

/** One change of access between two versions. */
export interface AccessChange {
  readonly kind: 'granted' | 'revoked' | 'widened' | 'narrowed';
  readonly source: string;
  readonly destination: MatrixDestination;
  /** Conditions added (granted/widened) or removed (revoked/narrowed). */
  readonly conditions: string[];
  /** In words a reviewer reads, e.g. `payments newly reachable from orders: POST /refund`. */
  readonly summary: string;
}
