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
  /**
   * A workload of the manifests, `<namespace>/<name>` (Deployment, StatefulSet…): its ServiceAccount's identity, over mTLS when it is in the mesh.
   *
   * @default - not a workload of the manifests
   */
  readonly workload?: string;
  /**
   * A peer identity, `<trust domain>/ns/<ns>/sa/<sa>`, over mTLS.
   *
   * @default - the workload's identity, or none for plaintext
   */
  readonly principal?: string;
  /**
   * A peer without mesh identity (plaintext).
   *
   * @default false
   */
  readonly plaintext?: boolean;
  /**
   * Source address (plaintext peers, `ipBlocks`).
   *
   * @default - unknown: address conditions do not match
   */
  readonly ip?: string;
}

/** Where a request goes: a Service of the manifests and one of its ports. */
export interface RequestDestination {
  /** The Service's name. */
  readonly service: string;
  /** The Service's namespace. */
  readonly namespace: string;
  /** The Service port. */
  readonly port: number;
}

/** The HTTP part of a request; absent means plain TCP. */
export interface RequestHttp {
  /** The HTTP method, upper-case (Istio rejects others). */
  readonly method: string;
  /** The path as sent, query string included. */
  readonly path: string;
  /** `:authority`. @default the destination Service's FQDN */
  readonly host?: string;
  /**
   * Request headers; names are matched case-insensitively.
   *
   * @default - no headers
   */
  readonly headers?: { [key: string]: string };
}

/** A validated end-user token. */
export interface RequestJwt {
  /** The issuer (`iss`). */
  readonly iss: string;
  /** The subject (`sub`). */
  readonly sub: string;
  /**
   * The audiences (`aud`).
   *
   * @default - no audience
   */
  readonly aud?: string[];
  /**
   * Further claims; nested claims as nested objects, list claims as arrays.
   *
   * @default - no further claims
   */
  readonly claims?: { [key: string]: any };
}

/** One request to decide (DESIGN.md decision 10). */
export interface AccessRequest {
  /** Names the request in the output. */
  readonly id: string;
  /** Who sends it. */
  readonly source: RequestSource;
  /** Where it goes. */
  readonly destination: RequestDestination;
  /**
   * The HTTP request.
   *
   * @default - a plain TCP connection
   */
  readonly http?: RequestHttp;
  /**
   * The end-user token it carries.
   *
   * @default - no token
   */
  readonly jwt?: RequestJwt;
}


/** One hop of the enforcement chain and what it decided. */
export interface ChainStep {
  /** The kind of enforcement point: `gateway`, `sidecar`, `waypoint`, `ztunnel`, `proxyless` or `cilium`. */
  readonly point: string;
  /** `ALLOW` (the request passes this hop) or `DENY`. */
  readonly decision: 'ALLOW' | 'DENY';
  /**
   * The deciding policy, `<namespace>/<name>`.
   *
   * @default - no policy decided (e.g. no ALLOW policy applies)
   */
  readonly policy?: string;
  /**
   * The deciding rule, `ns[<namespace>]-policy[<name>]-rule[<index>]` (Envoy RBAC naming).
   *
   * @default - no rule decided
   */
  readonly rule?: string;
  /**
   * Which proxy, why no ALLOW matched, what was ignored (not part of the decision 10 JSON unless asked for).
   *
   * @default - no detail
   */
  readonly detail?: StepDetail;
}

/** Why a step decided as it did. */
export interface StepDetail {
  /** The proxy, e.g. `shop/cart-waypoint` or `shop/cart` (the workload). */
  readonly at: string;
  /** One sentence, e.g. `no ALLOW policy matched: shop/cart-allow rule 0 needs method GET`. */
  readonly reason: string;
  /**
   * Policies or rules the point ignores or translates (L7 at ztunnel, HTTP fields on TCP…).
   *
   * @default - none
   */
  readonly notes?: string[];
}

/** The decision for one request (DESIGN.md decision 10). */
export interface AccessDecision {
  /** The request's id. */
  readonly id: string;
  /** `ALLOW` when every hop allows, else `DENY`. */
  readonly decision: 'ALLOW' | 'DENY';
  /** The enforcement points in the order the request meets them, up to the first that denies. */
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
  /** The Service's name. */
  readonly service: string;
  /** The Service's namespace. */
  readonly namespace: string;
  /** The Service port. */
  readonly port: number;
  /** `http`, `http2`, `grpc`, `tcp`… as the Service declares it. */
  readonly protocol: string;
}

/** One cell: under what the source may reach the destination. */
export interface MatrixCell {
  /** The source's principal (a `MatrixSource.principal`). */
  readonly source: string;
  /** The destination port. */
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
  /** Every source row, sorted. */
  readonly sources: MatrixSource[];
  /** Every destination port, sorted. */
  readonly destinations: MatrixDestination[];
  /** Sorted by source, then destination namespace, service, port. */
  readonly cells: MatrixCell[];
}

/** One change of access between two versions. */
export interface AccessChange {
  /** `granted`, `revoked`, `widened` or `narrowed`. */
  readonly kind: 'granted' | 'revoked' | 'widened' | 'narrowed';
  /** The source's principal. */
  readonly source: string;
  /** The destination port. */
  readonly destination: MatrixDestination;
  /** Conditions added (granted/widened) or removed (revoked/narrowed). */
  readonly conditions: string[];
  /** In words a reviewer reads, e.g. `payments newly reachable from orders: POST /refund`. */
  readonly summary: string;
}
