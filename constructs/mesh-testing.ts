// SPDX-License-Identifier: Apache-2.0
import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { Mesh } from './mesh';
import { AuthorizationEngine } from '../lib/analyze/authz/engine';
import { accessDiff } from '../lib/analyze/authz/diff';
import { accessMatrix } from '../lib/analyze/authz/matrix';
import type { AccessChange, AccessDecision, AccessMatrix, AccessRequest } from '../lib/analyze/authz/types';
import { Inventory } from '../lib/analyze/inventory';

/**
 * The authorization engine over a cdk8s app, for tests: decide requests with Istio's semantics
 * on every proxy model, build the access matrix, diff two matrices. It reads the final objects
 * of the whole app the construct belongs to (JSON patches and raw ApiObjects included), so a
 * vitest snapshot of who can reach whom is one line:
 * `expect(MeshTesting.accessMatrix(chart).cells).toMatchSnapshot()`.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class MeshTesting {
  /**
   * Decides each request (DESIGN.md decision 10) against the app's objects: the decision and
   * the enforcement chain, each hop with the deciding policy and rule.
   *
   * @param scope any construct of the app (usually the chart)
   * @param requests the requests; `source.workload` and `destination.service` name objects of the app
   * @throws when a request names a workload, service or port the app does not have
   */
  public static explain(scope: IConstruct, requests: AccessRequest[]): AccessDecision[] {
    const { engine } = MeshTesting.engineOf(scope);
    return requests.map((r) => engine.decide(r));
  }

  /**
   * Who can reach whom in the app: per source identity × destination service port, the
   * methods, paths and end-user conditions under which it is allowed.
   *
   * @param scope any construct of the app (usually the chart)
   */
  public static accessMatrix(scope: IConstruct): AccessMatrix {
    const { engine, inventory, trustDomain } = MeshTesting.engineOf(scope);
    return accessMatrix(engine, inventory, { trustDomain });
  }

  /**
   * The access granted, revoked, widened or narrowed from `before` to `after`, each with a
   * sentence a reviewer reads.
   */
  public static accessDiff(before: AccessMatrix, after: AccessMatrix): AccessChange[] {
    return accessDiff(before, after);
  }

  private static engineOf(scope: IConstruct): { engine: AuthorizationEngine; inventory: Inventory; trustDomain: string } {
    const all = scope.node.root.node.findAll();
    const mesh = all.find((c): c is Mesh => c instanceof Mesh);
    const objects = all.filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => ({ object: o.toJson() as unknown, constructPath: o.node.path }));
    const inventory = Inventory.fromObjects(objects, { rootNamespace: mesh?.rootNamespace ?? 'istio-system' });
    const trustDomain = mesh?.trustDomain ?? 'cluster.local';
    return { engine: AuthorizationEngine.fromInventory(inventory, { trustDomain }), inventory, trustDomain };
  }

  private constructor() {}
}
