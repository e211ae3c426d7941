// SPDX-License-Identifier: Apache-2.0
/**
 * The comparison at the heart of the property: the engine's decision over the compiled
 * manifests against the oracle's decision over the intent. A mismatch is reported with
 * everything needed to read it without re-running: the mesh intent as SDK calls, the request,
 * both decisions (the oracle's reason, the engine's chain with the deciding policy and rule),
 * and the security objects of the destination's namespace as compiled.
 */
import { AuthorizationEngine } from '../../../lib/analyze/authz/engine';
import type { AccessDecision } from '../../../lib/analyze/authz/types';
import type { BuiltMesh } from './build-mesh';
import { decideFromIntent, type IntentDecision } from './intent-oracle';
import { type MeshIntent, type RequestIntent, describeIntent, describeRequest } from './mesh-intent';
import { toAccessRequest } from './request-arbitrary';

/** One request decided both ways. */
export interface Comparison {
  readonly request: RequestIntent;
  readonly expected: IntentDecision;
  readonly actual: AccessDecision;
}

/** Decides requests over a built mesh with the engine (built once per mesh). */
export class EngineCheck {
  private readonly engine: AuthorizationEngine;

  constructor(private readonly built: BuiltMesh) {
    this.engine = AuthorizationEngine.fromInventory(built.inventory, { trustDomain: built.intent.trustDomain });
  }

  /** The intent as built (calls the SDK refused removed). */
  public get intent(): MeshIntent {
    return this.built.intent;
  }

  /** The engine's and the oracle's decision for `request`. */
  public compare(request: RequestIntent, id = 'r0'): Comparison {
    const expected = decideFromIntent(this.built.intent, request);
    const actual = this.engine.decide(toAccessRequest(this.built.intent, request, id));
    return { request, expected, actual };
  }

  /** The failure message for a comparison. */
  public explain(c: Comparison): string {
    const ns = c.request.destination.split('/')[0];
    return [
      `engine and intent disagree on: ${describeRequest(c.request)}`,
      `  intent (oracle): ${c.expected.decision} (${c.expected.reason})`,
      `  engine:          ${c.actual.decision}`,
      ...c.actual.chain.map((s) => `    ${s.point} ${s.decision}${s.policy ? ` policy=${s.policy}` : ''}${s.rule ? ` rule=${s.rule}` : ''}${s.detail ? ` at=${s.detail.at}: ${s.detail.reason}${s.detail.notes?.length ? ` [${s.detail.notes.join('; ')}]` : ''}` : ''}`),
      describeIntent(this.built.intent),
      ...(this.built.refused.length ? ['refused by the SDK (not in the intent above):', ...this.built.refused.map((r) => `  ${r}`)] : []),
      `security objects in ${ns} and ${'istio-system'}:`,
      ...securityObjects(this.built, ns),
    ].join('\n');
  }
}

const SECURITY_KINDS = new Set(['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'CiliumNetworkPolicy', 'Gateway']);

/** The compiled security objects of `namespace` and the root namespace, one JSON line each. */
function securityObjects(built: BuiltMesh, namespace: string): string[] {
  return (built.manifests as { kind: string; metadata: { name: string; namespace?: string; annotations?: unknown }; spec?: unknown }[])
    .filter((o) => SECURITY_KINDS.has(o.kind) && (o.metadata.namespace === namespace || o.metadata.namespace === 'istio-system'))
    .map((o) => `  ${o.kind} ${o.metadata.namespace}/${o.metadata.name}${o.metadata.annotations ? ` ${JSON.stringify(o.metadata.annotations)}` : ''}: ${JSON.stringify(o.spec ?? {})}`);
}
