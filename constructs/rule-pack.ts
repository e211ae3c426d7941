// SPDX-License-Identifier: Apache-2.0
import { PACKS, type PackName } from '../lib/validate/packs';
import type { PackDefinition } from '../lib/validate/pack';

/**
 * A versioned pack of rules, one per standard. A pack never gets stricter within its version:
 * new rules or raised severities come as a new version. `RULES.md` lists each pack's rules.
 *
 * @see https://csrc.nist.gov/pubs/sp/800/204/a/final
 */
export class RulePack {
  /** SP 800-204 (microservices security strategies MS-SS): gateways, mTLS, monitoring, circuit breaking, segmentation. */
  public static nist800204(): RulePack {
    return new RulePack('nist-800-204');
  }

  /** SP 800-204A (service mesh deployment recommendations SM-DR): proxies, egress, identities, logging, resilience. */
  public static nist800204a(): RulePack {
    return new RulePack('nist-800-204a');
  }

  /** SP 800-204B (ABAC for microservices): authentication, service and end-user authorization, hardened workloads. */
  public static nist800204b(): RulePack {
    return new RulePack('nist-800-204b');
  }

  /** SP 800-207A (zero trust for cloud-native apps): identity-tier policies, per-hop end-user tokens, short-lived identities. */
  public static nist800207a(): RulePack {
    return new RulePack('nist-800-207a');
  }

  /** SP 800-233 (service mesh proxy models): the proxy model each risk profile admits, waypoints, enrolment. */
  public static nist800233(): RulePack {
    return new RulePack('nist-800-233');
  }

  /**
   * Istio's authorization semantics: policies that silently do less, more or other than they say
   * (selector vs targetRefs, HTTP fields on TCP ports, identity fields with plaintext peers,
   * waypoints, proxyless gRPC, dry-run…); the checks `cdk8s-mesh lint` runs.
   */
  public static istioSemantics(): RulePack {
    return new RulePack('istio-semantics');
  }

  /** Every NIST pack. */
  public static allNist(): RulePack[] {
    return [RulePack.nist800204(), RulePack.nist800204a(), RulePack.nist800204b(), RulePack.nist800207a(), RulePack.nist800233()];
  }

  /** What runs at synth by default: every NIST pack and the Istio semantics pack. */
  public static defaults(): RulePack[] {
    return [...RulePack.allNist(), RulePack.istioSemantics()];
  }

  /** The pack's name, e.g. `nist-800-204a`. */
  public readonly name: string;
  /** The pack's version. */
  public readonly version: string;

  private constructor(name: PackName) {
    const def = PACKS[name];
    this.name = def.name;
    this.version = def.version;
    this._def = def;
  }

  private readonly _def: PackDefinition;

  /** @internal */
  public _definition(): PackDefinition {
    return this._def;
  }
}
