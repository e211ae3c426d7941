// SPDX-License-Identifier: Apache-2.0
import { CelEnv, parse } from '@bufbuild/cel';

/** A parsed CEL expression node. */
export type CelExpr = ReturnType<typeof parse>['expr'];

/** Calls the planner handles itself rather than through the function resolver. */
const SPECIAL_CALLS = new Set([
  '_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__',
]);

/** Type names usable as values, as in `type(x) == string`. */
const TYPE_IDENTS = new Set(['bool', 'bytes', 'double', 'dyn', 'int', 'list', 'map', 'null_type', 'string', 'type', 'uint']);

/**
 * What `@bufbuild/cel` cannot do at plan time and the API server does when a CRD is
 * created: reject rules that call an undeclared function (or with the wrong arity, or as a
 * method instead of a function) or reference an undeclared variable. Returns the reasons;
 * empty when the expression compiles. Full type checking is not done: a type mismatch
 * surfaces when the rule is evaluated, and is then reported as an error too.
 */
export function staticCheck(env: CelEnv, expr: CelExpr, variables: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  visit(env, expr, [...variables], problems);
  return problems;
}

/** The identifiers an expression references outside comprehension-local variables. */
export function freeIdentifiers(expr: CelExpr): Set<string> {
  const out = new Set<string>();
  const walk = (e: CelExpr | undefined, scope: readonly string[]): void => {
    if (!e) return;
    const k = e.exprKind;
    switch (k.case) {
      case 'identExpr':
        if (!scope.includes(k.value.name)) out.add(k.value.name);
        return;
      case 'selectExpr':
        return walk(k.value.operand, scope);
      case 'callExpr':
        walk(k.value.target, scope);
        return k.value.args.forEach((a) => walk(a, scope));
      case 'listExpr':
        return k.value.elements.forEach((a) => walk(a, scope));
      case 'structExpr':
        return k.value.entries.forEach((en) => {
          if (en.keyKind.case === 'mapKey') walk(en.keyKind.value, scope);
          walk(en.value, scope);
        });
      case 'comprehensionExpr': {
        const c = k.value;
        walk(c.iterRange, scope);
        walk(c.accuInit, scope);
        const inner = [...scope, c.iterVar, c.iterVar2, c.accuVar].filter((x) => x !== '');
        walk(c.loopCondition, inner);
        walk(c.loopStep, inner);
        return walk(c.result, [...scope, c.accuVar]);
      }
      default:
        return;
    }
  };
  walk(expr, []);
  return out;
}

function visit(env: CelEnv, e: CelExpr | undefined, scope: readonly string[], problems: string[]): void {
  if (!e) return;
  const k = e.exprKind;
  switch (k.case) {
    case 'identExpr':
      if (!scope.includes(k.value.name) && !TYPE_IDENTS.has(k.value.name)) {
        problems.push(`undeclared reference to '${k.value.name}'`);
      }
      return;
    case 'selectExpr':
      return visit(env, k.value.operand, scope, problems);
    case 'callExpr':
      return visitCall(env, k.value, scope, problems);
    case 'listExpr':
      return k.value.elements.forEach((a) => visit(env, a, scope, problems));
    case 'structExpr':
      if (k.value.messageName !== '') problems.push(`unknown type '${k.value.messageName}'`);
      return k.value.entries.forEach((en) => {
        if (en.keyKind.case === 'mapKey') visit(env, en.keyKind.value, scope, problems);
        visit(env, en.value, scope, problems);
      });
    case 'comprehensionExpr': {
      const c = k.value;
      visit(env, c.iterRange, scope, problems);
      visit(env, c.accuInit, scope, problems);
      const inner = [...scope, c.iterVar, c.iterVar2, c.accuVar].filter((x) => x !== '');
      visit(env, c.loopCondition, inner, problems);
      visit(env, c.loopStep, inner, problems);
      return visit(env, c.result, [...scope, c.accuVar], problems);
    }
    case 'constExpr':
      return;
    default:
      problems.push('unsupported expression');
  }
}

type CallNode = Extract<CelExpr['exprKind'], { case: 'callExpr' }>['value'];

function visitCall(env: CelEnv, call: CallNode, scope: readonly string[], problems: string[]): void {
  const arity = call.args.length;
  if (call.target) {
    const qualified = qualifiedName(call.target);
    if (qualified !== undefined && !scope.includes(qualified.split('.')[0])
      && hasOverload(env, `${qualified}.${call.function}`, false, arity)) {
      return call.args.forEach((a) => visit(env, a, scope, problems));
    }
    visit(env, call.target, scope, problems);
  }
  call.args.forEach((a) => visit(env, a, scope, problems));
  if (SPECIAL_CALLS.has(call.function)) return;
  if (!hasOverload(env, call.function, call.target !== undefined, arity)) {
    const style = call.target ? `method '.${call.function}()'` : `function '${call.function}()'`;
    problems.push(`undeclared reference to ${style} with ${arity} argument${arity === 1 ? '' : 's'}`);
  }
}

function hasOverload(env: CelEnv, name: string, method: boolean, arity: number): boolean {
  const group = env.funcs.find(name);
  if (!group) return false;
  for (const f of group) {
    if ((f.target !== undefined) === method && f.arguments.length === arity) return true;
  }
  return false;
}

function qualifiedName(e: CelExpr): string | undefined {
  const k = e.exprKind;
  if (k.case === 'identExpr') return k.value.name;
  if (k.case === 'selectExpr' && !k.value.testOnly && k.value.operand) {
    const parent = qualifiedName(k.value.operand);
    return parent === undefined ? undefined : `${parent}.${k.value.field}`;
  }
  return undefined;
}
