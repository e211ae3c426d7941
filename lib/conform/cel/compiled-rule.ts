// SPDX-License-Identifier: Apache-2.0
import { CelValue, isCelError, parse, plan } from '@bufbuild/cel';
import { ValidationRuleSpec } from '../crd/structural-schema';
import { kubernetesCelEnv } from './cel-environment';
import { freeIdentifiers, staticCheck } from './cel-static-check';

type Program = (self: CelValue) => unknown;

/** The result of evaluating one rule on one value. */
export interface RuleOutcome {
  /** `true` when the rule holds. */
  readonly passed: boolean;
  /** Why the rule could not be evaluated, when it could not. */
  readonly error?: string;
  /** The message for a failed rule. */
  readonly message?: string;
}

/**
 * One `x-kubernetes-validations` rule, parsed, checked and planned once.
 */
export class CompiledRule {
  /** Compiles a rule; never throws (a rule that does not compile keeps its error). */
  public static compile(spec: ValidationRuleSpec): CompiledRule {
    const rule = compileExpression(spec.rule, true);
    const message = spec.messageExpression === undefined ? undefined : compileExpression(spec.messageExpression, false);
    return new CompiledRule(spec, rule, message);
  }

  /** Whether the rule references `oldSelf` (only evaluated on update). */
  public readonly transition: boolean;

  private constructor(
    public readonly spec: ValidationRuleSpec,
    private readonly rule: Compiled,
    private readonly messageExpression: Compiled | undefined,
  ) {
    this.transition = rule.usesOldSelf;
  }

  /** Why the rule (or its `messageExpression`) does not compile, if it does not. */
  public get compileError(): string | undefined {
    if (this.rule.error) return this.rule.error;
    if (this.messageExpression?.error) return `messageExpression: ${this.messageExpression.error}`;
    return undefined;
  }

  /** Evaluates the rule with `self` bound to a value. */
  public evaluate(self: CelValue): RuleOutcome {
    if (!this.rule.program) return { passed: false, error: `rule does not compile: ${this.rule.error}` };
    let result: unknown;
    try {
      result = this.rule.program(self);
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
    if (isCelError(result) || result instanceof Error) {
      return { passed: false, error: `${kubernetesWording((result as Error).message)} evaluating rule` };
    }
    if (typeof result !== 'boolean') return { passed: false, error: 'rule did not evaluate to a bool' };
    if (result) return { passed: true };
    return { passed: false, message: this.failureMessage(self) };
  }

  /** The Kubernetes message: `messageExpression`, else `message`, else `failed rule: <rule>`. */
  private failureMessage(self: CelValue): string {
    const fallback = this.spec.message ?? `failed rule: ${this.spec.rule}`;
    const program = this.messageExpression?.program;
    if (!program) return fallback;
    try {
      const m = program(self);
      if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) return m;
    } catch {
      // the API server falls back to the static message as well
    }
    return fallback;
  }
}

interface Compiled {
  readonly program?: Program;
  readonly error?: string;
  readonly usesOldSelf: boolean;
}

function compileExpression(source: string, isRule: boolean): Compiled {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    return { error: `syntax error: ${(e as Error).message.split('\n')[0]}`, usesOldSelf: false };
  }
  const usesOldSelf = isRule && freeIdentifiers(parsed.expr).has('oldSelf');
  const env = kubernetesCelEnv();
  const problems = staticCheck(env, parsed.expr, new Set(usesOldSelf ? ['self', 'oldSelf'] : ['self']));
  if (problems.length > 0) return { error: problems.join('; '), usesOldSelf };
  try {
    const planned = plan(env, parsed);
    return { program: (self: CelValue) => planned({ self }), usesOldSelf };
  } catch (e) {
    return { error: (e as Error).message, usesOldSelf };
  }
}

/** `@bufbuild/cel` says "field not found"; the API server says "no such key". */
function kubernetesWording(message: string): string {
  return message.replace(/^field not found: /, 'no such key: ');
}
