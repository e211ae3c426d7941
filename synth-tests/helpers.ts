// SPDX-License-Identifier: Apache-2.0
import { Chart, Testing, type ChartProps } from 'cdk8s';

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

/** All objects of `kind` (and `name`, when given) in the synthesized chart. */
export function objects(c: Chart, kind: string, name?: string): Obj[] {
  return (Testing.synth(c) as Obj[]).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}

/** The one object of `kind` named `name`; fails when there is not exactly one. */
export function one(c: Chart, kind: string, name: string, namespace?: string): Obj {
  const found = objects(c, kind, name).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}
