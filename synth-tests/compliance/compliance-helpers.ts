// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type App, Chart, Testing } from 'cdk8s';
import type { ComplianceReport } from '../../lib/validate/report';

/** A chart in a fresh app whose outdir is a temporary directory. */
export function appChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

/** The JSON report the last synth wrote into the app's outdir. */
export function readReport(app: App, dir = 'compliance'): ComplianceReport {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, dir, 'mesh-compliance.json'), 'utf8')) as ComplianceReport;
}

/** The error thrown by `fn`, or undefined. */
export function errorOf(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}
