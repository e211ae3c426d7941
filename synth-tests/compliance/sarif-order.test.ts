// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { Mesh, PortProtocol, RiskProfile } from 'cdk8s-mesh';
import { describe, expect, it } from 'vitest';
import { appChart } from './compliance-helpers';

/** SARIF results for `object` (`Kind ns/name`), with the lines of the file each points at. */
function locate(outdir: string, object: string): { line: number; text: string[] }[] {
  const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'compliance/mesh-compliance.sarif'), 'utf8'));
  return sarif.runs[0].results
    .filter((r: { properties: { object: string } }) => r.properties.object === object)
    .map((r: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => ({
      line: r.locations[0].physicalLocation.region.startLine,
      text: fs.readFileSync(r.locations[0].physicalLocation.artifactLocation.uri, 'utf8').split('\n'),
    }));
}

describe('SARIF regions when cdk8s reorders objects by their dependencies', () => {
  for (const on of ['the Deployment object', 'the service construct'] as const) {
    it(`point at the object in the written file (dependency on ${on})`, () => {
      const { app, chart } = appChart();
      const mesh = new Mesh(chart, 'mesh', { defaultRiskProfile: RiskProfile.LOW, compliance: { printFindings: false } });
      const web = mesh.addService('web', { image: 'web:1', ports: [{ port: 8080, protocol: PortProtocol.HTTP }] });
      // a policy without an action (a note of MESH-AUTHZ-06), added last but written before web's objects
      const quiet = new ApiObject(chart, 'quiet', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'quiet', namespace: 'shop' }, spec: {} });
      (on === 'the Deployment object' ? ApiObject.of(web.deployment) : web).node.addDependency(quiet);
      app.synth();
      const found = locate(app.outdir, 'AuthorizationPolicy shop/quiet');
      expect(found.length).toBeGreaterThan(0);
      for (const { line, text } of found) {
        expect(text[line - 1]).toBe('apiVersion: security.istio.io/v1');
        const end = text.indexOf('---', line);
        expect(text.slice(line - 1, end < 0 ? undefined : end)).toContain('  name: quiet');
      }
      // and objects after it still point at themselves
      for (const { line, text } of locate(app.outdir, 'Deployment shop/web')) {
        expect(text[line - 1]).toBe('apiVersion: apps/v1');
        expect(text.slice(line - 1, text.indexOf('---', line))).toContain('  name: web');
      }
    });
  }
});
