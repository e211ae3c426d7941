// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';
import type { ConditionModel } from '../lib/model/mesh-model';
import type { Match } from './match';
import { checkCidr } from './private/input-checks';

/**
 * An extra condition on a request (SP 800-204B ABAC attributes). Renders to one `when` entry
 * of an AuthorizationPolicy rule; all conditions of a rule must hold.
 *
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
export class Condition {
  /** A request header matches one of `matches` (HTTP only). Renders `request.headers[<name>]`. */
  public static header(name: string, ...matches: Match[]): Condition {
    return new Condition({ key: `request.headers[${checkHeader(name)}]`, values: patterns('Condition.header', matches), notValues: [], http: true });
  }

  /** A request header matches none of `matches` (HTTP only); an absent header also holds. */
  public static headerNot(name: string, ...matches: Match[]): Condition {
    return new Condition({ key: `request.headers[${checkHeader(name)}]`, values: [], notValues: patterns('Condition.headerNot', matches), http: true });
  }

  /** The direct peer's IP is in one of the blocks. Renders `source.ip`. */
  public static sourceIp(...cidrs: string[]): Condition {
    if (cidrs.length === 0) throw noValue('Condition.sourceIp');
    cidrs.forEach((c) => checkCidr('Condition.sourceIp', c));
    return new Condition({ key: 'source.ip', values: [...cidrs], notValues: [], http: false });
  }

  /** The direct peer's IP is in none of the blocks. Renders `source.ip` `notValues`. */
  public static sourceIpNot(...cidrs: string[]): Condition {
    if (cidrs.length === 0) throw noValue('Condition.sourceIpNot');
    cidrs.forEach((c) => checkCidr('Condition.sourceIpNot', c));
    return new Condition({ key: 'source.ip', values: [], notValues: [...cidrs], http: false });
  }

  private constructor(private readonly model: ConditionModel) {}

  /** The Istio `when` key this condition renders to, e.g. `request.headers[x-tenant]`. */
  public get key(): string {
    return this.model.key;
  }

  /**
   * The condition as the compilers see it.
   * @internal
   */
  public _toModel(): ConditionModel {
    return this.model;
  }
}

function checkHeader(name: string): string {
  if (typeof name === 'string' && /^[A-Za-z0-9-]+$/.test(name)) return name.toLowerCase();
  throw new MeshError({ path: 'Condition.header', problem: 'invalid header name', value: name, expected: 'letters, digits and "-"', fix: 'use the header name as sent, e.g. "x-tenant"' });
}

function patterns(path: string, matches: Match[]): string[] {
  if (matches.length === 0) throw noValue(path);
  return matches.map((m) => m.pattern);
}

function noValue(path: string): MeshError {
  return new MeshError({ path, problem: 'no value', value: [], expected: 'at least one value to match', fix: 'pass one or more values' });
}
