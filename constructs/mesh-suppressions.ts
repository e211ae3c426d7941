// SPDX-License-Identifier: Apache-2.0
import type { IConstruct } from 'constructs';
import { MIN_SUPPRESSION_REASON } from '../lib/validate/engine';
import { RULES_BY_ID } from '../lib/validate/rules';
import { MeshError } from '../lib/model/errors';

/** One rule suppressed on a construct and everything below it. */
export interface MeshSuppression {
  /** The rule id, e.g. `MESH-MODEL-01` (see RULES.md). */
  readonly id: string;
  /**
   * Why the finding is acceptable here: at least 10 characters. It is written into the
   * reports and as the annotation `mesh.cdk8s.io/suppress.<id>` on every object below the construct.
   */
  readonly reason: string;
}

/**
 * Suppresses rule findings on a construct and its children, with a written reason. Some
 * rules refuse suppression for high-risk workloads (RULES.md says which): their findings
 * stay errors and the report shows the refused reason.
 */
export class MeshSuppressions {
  /**
   * Suppresses the given rules on `scope` and every construct below it.
   *
   * @throws MeshError when a rule id is unknown or a reason is shorter than 10 characters
   */
  public static add(scope: IConstruct, suppressions: MeshSuppression[]): void {
    const path = scope.node.path;
    let own = SUPPRESSIONS.get(scope);
    if (!own) SUPPRESSIONS.set(scope, (own = new Map()));
    for (const s of suppressions ?? []) {
      if (!RULES_BY_ID.has(s?.id)) {
        const near = [...RULES_BY_ID.keys()].filter((id) => id.split('-').slice(0, 2).join('-') === String(s?.id ?? '').split('-').slice(0, 2).join('-'));
        throw new MeshError({ path, problem: 'suppression of an unknown rule', value: s?.id, expected: `a rule id from RULES.md${near.length ? ` (e.g. ${near.join(', ')})` : ''}`, fix: 'correct the `id`' });
      }
      const reason = typeof s.reason === 'string' ? s.reason.trim() : '';
      if (reason.length < MIN_SUPPRESSION_REASON) {
        throw new MeshError({ path, problem: `suppression of ${s.id} without a reason`, value: s.reason, expected: `a reason of at least ${MIN_SUPPRESSION_REASON} characters saying why the finding is acceptable here`, fix: 'write the justification into `reason`; it ends up in the reports and on the objects' });
      }
      own.set(s.id, reason);
    }
  }

  /**
   * The suppressions that apply to `scope`: its own and its ancestors' (the nearest wins).
   * @internal
   */
  public static _of(scope: IConstruct): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const c of scope.node.scopes) for (const [id, reason] of SUPPRESSIONS.get(c) ?? []) out.set(id, reason);
    return out;
  }

  private constructor() {}
}

const SUPPRESSIONS = new WeakMap<IConstruct, Map<string, string>>();
