// SPDX-License-Identifier: Apache-2.0
/**
 * One synthesis of an App, as a scope the compliance check can remember things in.
 *
 * cdk8s validates the whole app once in `App.synth()` and again for every chart it writes
 * (`Chart.toJson()` validates the app before resolving the chart), then resolves every
 * ApiObject. The compliance check has to resolve every object itself (the rules read the
 * final manifests), so without a scope one synth resolves each object three times and runs the
 * rule packs twice. Within one `synth()` / `synthYaml()` call nothing a user writes runs
 * between those steps, so the check evaluates once per scope and lends cdk8s the JSON it
 * resolved. cdk8s offers no hook around a synthesis; the App's two entry points are wrapped
 * on the instance (not the prototype), and everything remembered is dropped when the call
 * returns or throws.
 */
import { ApiObject, App } from 'cdk8s';

/** What one synthesis remembers. */
export class SynthScope {
  /** Values remembered for this synthesis, by owner. */
  public readonly memo = new Map<object, unknown>();
  private readonly lent: ApiObject[] = [];
  private readonly after: (() => void)[] = [];

  /** Runs `hook` when the synthesis has succeeded, before the scope ends (lent JSON still answers). */
  public afterSynth(hook: () => void): void {
    this.after.push(hook);
  }

  /** @internal */
  public _succeeded(): void {
    for (const hook of this.after.splice(0)) hook();
  }

  /**
   * Makes `obj.toJson()` return `json` until the synthesis ends (cdk8s resolves each object
   * again when it writes the chart; the check has resolved it already).
   */
  public lend(obj: ApiObject, json: unknown): void {
    Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true, writable: true });
    this.lent.push(obj);
  }

  /** @internal */
  public _end(): void {
    for (const obj of this.lent) delete (obj as { toJson?: unknown }).toJson;
    this.lent.length = 0;
    this.memo.clear();
  }
}

const ACTIVE = new WeakMap<App, SynthScope>();
const WRAPPED = new WeakSet<App>();

/** Wraps `app.synth` and `app.synthYaml` (once) so that each call runs in a scope. */
export function trackSyntheses(app: App): void {
  if (WRAPPED.has(app)) return;
  WRAPPED.add(app);
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = app[method] as (this: App) => unknown;
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      value: function scoped(this: App): unknown {
        if (ACTIVE.has(app)) return original.call(this); // synthYaml inside synth: one scope
        const scope = new SynthScope();
        ACTIVE.set(app, scope);
        try {
          const result = original.call(this);
          scope._succeeded();
          return result;
        } finally {
          ACTIVE.delete(app);
          scope._end();
        }
      },
    });
  }
}

/** The synthesis `app` is in, if any (a chart's `toJson()` called directly is not one). */
export function activeSynthesis(app: App | undefined): SynthScope | undefined {
  return app ? ACTIVE.get(app) : undefined;
}
