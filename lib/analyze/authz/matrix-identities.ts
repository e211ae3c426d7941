// SPDX-License-Identifier: Apache-2.0
/**
 * Who runs as which mesh identity: workloads by their ServiceAccount's SPIFFE identity, and
 * Gateway API gateways by the ServiceAccount Istio deploys them with (semantics §b6). The
 * matrix uses it to show, next to each source principal, the workloads behind it.
 */
import type { Inventory } from '../inventory';
import { objectOf } from '../manifest-object';
import { ANY_PEER, PLAINTEXT, istioMatch } from './matrix-policy';

/** Identities of the workloads and gateways of an inventory. */
export class MatrixIdentities {
  /** Reads the identities of `inventory` in `trustDomain`. */
  public static of(inventory: Inventory, trustDomain: string): MatrixIdentities {
    const byPrincipal = new Map<string, Set<string>>();
    const add = (principal: string, name: string) => {
      let set = byPrincipal.get(principal);
      if (!set) byPrincipal.set(principal, (set = new Set()));
      set.add(name);
    };
    const deployed = new Set<string>();
    for (const w of inventory.workloads) {
      add(`${trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`, `${w.namespace}/${w.name}`);
      const gw = w.podLabels['gateway.networking.k8s.io/gateway-name'];
      if (gw !== undefined) deployed.add(`${w.namespace}/${gw}`);
    }
    // Gateways Istio deploys itself (not in the manifests): class istio-waypoint runs as
    // `<name>`, any other class as `<name>-<class>` (§b6, identities of Istio-deployed gateways).
    for (const g of inventory.ofKind('Gateway', 'gateway.networking.k8s.io')) {
      const ns = g.ref.namespace ?? 'default';
      if (deployed.has(`${ns}/${g.ref.name}`)) continue;
      const className = String(objectOf(g.object.spec).gatewayClassName ?? '');
      const waypoint = className === 'istio-waypoint' || className === 'istio-agentgateway-waypoint';
      add(`${trustDomain}/ns/${ns}/sa/${waypoint ? g.ref.name : `${g.ref.name}-${className}`}`, `${ns}/${g.ref.name}`);
    }
    return new MatrixIdentities(trustDomain, new Map([...byPrincipal].map(([p, s]) => [p, [...s].sort()])));
  }

  private constructor(
    /** The trust domain the identities are in. */
    public readonly trustDomain: string,
    private readonly byPrincipal: ReadonlyMap<string, readonly string[]>,
  ) {}

  /** Every identity a workload or gateway of the inventory runs as, sorted. */
  public principals(): string[] {
    return [...this.byPrincipal.keys()].sort();
  }

  /**
   * The workloads (`<ns>/<name>`) behind a matrix row: those running as the principal, or
   * whose identity the row's pattern matches; none for `*` and `plaintext`.
   */
  public workloadsOf(row: string): string[] {
    if (row === ANY_PEER || row === PLAINTEXT) return [];
    const exact = this.byPrincipal.get(row);
    if (exact) return [...exact];
    if (!row.includes('*')) return [];
    const out = new Set<string>();
    for (const [p, names] of this.byPrincipal) if (istioMatch(row, p)) names.forEach((n) => out.add(n));
    return [...out].sort();
  }
}

export { trustDomainOf } from './trust-domain';
