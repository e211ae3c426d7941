// SPDX-License-Identifier: Apache-2.0
import { Chart, Testing, type ChartProps } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { MeshSuppressions } from '../constructs/mesh-suppressions';

/** A synthesized Kubernetes object, loosely typed for assertions. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

/** A fresh chart in a fresh app (outdir in a temp dir). */
export function chart(props: ChartProps = {}): Chart {
  return new Chart(Testing.app(), 'test', props);
}

/**
 * All objects of `kind` (and `name`, when given) in the synthesized chart, without the
 * annotations `notUnderTest` suppressions leave (construct tests assert what constructs emit;
 * synth-tests/compliance asserts the annotations).
 */
export function objects(c: Chart, kind: string, name?: string): Obj[] {
  return (Testing.synth(c) as Obj[]).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name)).map(withoutTestSuppressions);
}

function withoutTestSuppressions(o: Obj): Obj {
  const annotations = o.metadata.annotations;
  if (!annotations) return o;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k, v]) => !(k.startsWith('mesh.cdk8s.io/suppress.') && v.startsWith('construct test: '))));
  const { annotations: _dropped, ...meta } = o.metadata;
  return { ...o, metadata: Object.keys(kept).length > 0 ? { ...meta, annotations: kept } : meta };
}

/** The one object of `kind` named `name`; fails when there is not exactly one. */
export function one(c: Chart, kind: string, name: string, namespace?: string): Obj {
  const found = objects(c, kind, name).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/**
 * Suppresses rules that are beside the point of a construct test (e.g. end-user tokens in a
 * routing test), with the reason the reports would show.
 */
export function notUnderTest(scope: IConstruct, ...ids: string[]): void {
  MeshSuppressions.add(scope, ids.map((id) => ({ id, reason: `construct test: ${id} is not what this test is about` })));
}
