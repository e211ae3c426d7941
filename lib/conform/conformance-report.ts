// SPDX-License-Identifier: Apache-2.0
import { ConformanceError } from './conformance-error';

/**
 * The outcome of checking a set of objects with `Conformance.validate()`.
 */
export interface ConformanceReport {
  /**
   * How many objects were checked.
   */
  readonly objects: number;

  /**
   * Every reason an object would be rejected, in input order.
   */
  readonly errors: ConformanceError[];

  /**
   * How many CEL rule evaluations ran: one per rule and per value at the rule's schema
   * node (a rule on list items counts once per item).
   */
  readonly celRulesEvaluated: number;

  /**
   * How many CEL rule evaluations were skipped because the rule is a transition rule
   * (it references `oldSelf`, which only exists on update).
   */
  readonly celRulesSkipped: number;
}
